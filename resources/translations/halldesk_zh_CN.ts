<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/cashier/approval.py" line="58"/>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/approval.py" line="65"/>
        <source>Manager&apos;s &amp;user name</source>
        <translation>经理用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/approval.py" line="67"/>
        <source>Manager&apos;s &amp;password</source>
        <translation>经理密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/approval.py" line="72"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/approval.py" line="75"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="39"/>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="40"/>
        <source>Log consultations, repairs, installations, complaints, suggestions and gas-leak emergencies; read them back; dispatch with a deadline; track to the callback.</source>
        <translation>登记咨询、报修、报装、投诉、建议和燃气泄漏紧急情况；向客户复述确认；限时派单；跟踪到回访。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="43"/>
        <source>the intake release</source>
        <translation>“业务受理”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="46"/>
        <source>Cashier</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="47"/>
        <source>Unpaid bills and late fees, cash / card / mobile payment, receipts, reprint, void with approval, shift and day close.</source>
        <translation>欠费账单与滞纳金，现金／银行卡／移动支付收款，打印收据、重打、经主管批准作废，交班与日结。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="49"/>
        <source>the fee collection release</source>
        <translation>“收费”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="52"/>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="53"/>
        <source>First-responder ownership, deadlines, escalation, replies, reopening.</source>
        <translation>首问负责制、处理时限、升级、答复客户、不满意重新处理。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="55"/>
        <source>the complaints release</source>
        <translation>“投诉处理”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="58"/>
        <source>Arrears</source>
        <translation>催缴</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="59"/>
        <source>Ageing lists, phone / SMS / printed reminders, promises to pay, escalation.</source>
        <translation>欠费账龄清单，电话／短信／书面催缴，缴费承诺，逐级上报。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="61"/>
        <source>the arrears release</source>
        <translation>“欠费催缴”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="64"/>
        <source>Hall</source>
        <translation>大厅管理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="65"/>
        <source>Live queue, windows, waits and alarms for the hall manager.</source>
        <translation>营业厅主任的实时排队、窗口状态、等候时长和告警。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="66"/>
        <source>the queue release</source>
        <translation>“排队叫号”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="97"/>
        <source>Not available yet: this area arrives with %1.</source>
        <translation>尚未开放：本功能将随%1提供。</translation>
    </message>
</context>
<context>
    <name>AuditArea</name>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="162"/>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="169"/>
        <source>Receipt or account number, phone, customer name, ticket number or words of a reason</source>
        <translation>收据号、户号、手机号、客户姓名、排队号或原因中的文字</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="176"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="177"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="163"/>
        <source>&amp;Person</source>
        <translation>人员(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="164"/>
        <source>&amp;Kind</source>
        <translation>类别(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="165"/>
        <source>&amp;Days</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="166"/>
        <source>&amp;Hall</source>
        <translation>营业厅(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="167"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="171"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="172"/>
        <source>Clear filter</source>
        <translation>清除条件</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="173"/>
        <source>Verify chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="174"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="176"/>
        <source>Time (hall clock)</source>
        <translation>时间（营业厅当地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="176"/>
        <source>What happened</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="177"/>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="181"/>
        <source>Any day</source>
        <translation>不限日期</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="181"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="181"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="182"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="182"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="183"/>
        <source>From … to …</source>
        <translation>指定日期…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="199"/>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="203"/>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="213"/>
        <source>All halls</source>
        <translation>全部营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="294"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="342"/>
        <source>Nothing found: try a wider search.</source>
        <translation>没有符合条件的记录，请放宽条件。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="344"/>
        <source>The newest %1 entries are shown and there are more: narrow the search.</source>
        <translation>仅显示最新的 %1 条，还有更多，请缩小范围。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="347"/>
        <source>%1 entries.</source>
        <translation>共 %1 条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="360"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="373"/>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="379"/>
        <source>Audit trail intact: %1 rows in %2 chains checked.</source>
        <translation>审计日志完整：已校验 %2 条链共 %1 条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_area.py" line="382"/>
        <source>TAMPERING DETECTED: %1 problem(s).</source>
        <translation>发现篡改：共 %1 处问题。</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="45"/>
        <source>Payments, voids, refunds, reprints</source>
        <translation>收款、作废、退款、重打</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="46"/>
        <source>Shifts and day close</source>
        <translation>开班、交班与日结</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="47"/>
        <source>Billing and tariffs</source>
        <translation>开账与价格</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="48"/>
        <source>Queue</source>
        <translation>排队叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="49"/>
        <source>Sign-in and sign-out</source>
        <translation>登录与退出</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="50"/>
        <source>Wrong passwords and locked accounts</source>
        <translation>密码错误与账号锁定</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="51"/>
        <source>Staff, halls and settings</source>
        <translation>员工、营业厅与设置</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="58"/>
        <source>Payment taken</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="59"/>
        <source>Receipt voided</source>
        <translation>作废收据</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="60"/>
        <source>Payment refunded</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="61"/>
        <source>Receipt reprinted</source>
        <translation>重打收据</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="62"/>
        <source>Shift opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="63"/>
        <source>Shift count refused</source>
        <translation>交班清点未通过</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="64"/>
        <source>Shift closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="65"/>
        <source>Day closed</source>
        <translation>日结</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="66"/>
        <source>Billing run</source>
        <translation>开账</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="67"/>
        <source>Gas tariff published</source>
        <translation>发布燃气价格</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="68"/>
        <source>Heating tariff published</source>
        <translation>发布供热价格</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="69"/>
        <source>Late fee terms published</source>
        <translation>发布滞纳金规则</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="70"/>
        <source>Meter reading recorded</source>
        <translation>录入抄表读数</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="71"/>
        <source>Called out of turn</source>
        <translation>越号叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="72"/>
        <source>Number transferred</source>
        <translation>转移排队号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="73"/>
        <source>Window paused</source>
        <translation>窗口暂停</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="74"/>
        <source>Window resumed</source>
        <translation>窗口恢复</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="75"/>
        <source>Number finished at sign-out</source>
        <translation>退出登录时结束排队号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="76"/>
        <source>Window taken over</source>
        <translation>接管窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="77"/>
        <source>Display notice changed</source>
        <translation>修改显示屏通知</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="78"/>
        <source>Queue service added</source>
        <translation>新增排队业务</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="79"/>
        <location filename="../../ui/counter/audit_text.py" line="435"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="80"/>
        <location filename="../../ui/counter/audit_text.py" line="439"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="81"/>
        <source>Program closed</source>
        <translation>关闭程序</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="82"/>
        <source>Screen unlocked</source>
        <translation>解锁屏幕</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="83"/>
        <source>Wrong password at sign-in</source>
        <translation>登录密码错误</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="84"/>
        <source>Unknown user name at sign-in</source>
        <translation>登录用户名不存在</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="85"/>
        <source>Wrong password at the screen lock</source>
        <translation>解锁屏幕密码错误</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="86"/>
        <source>Wrong password for an approval</source>
        <translation>审批密码错误</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="87"/>
        <source>Unknown user name for an approval</source>
        <translation>审批用户名不存在</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="88"/>
        <source>Account locked</source>
        <translation>账号锁定</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="89"/>
        <source>Account unlocked</source>
        <translation>账号解锁</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="90"/>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="91"/>
        <source>Wrong current password at a password change</source>
        <translation>修改密码时原密码错误</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="92"/>
        <source>Staff member added</source>
        <translation>新增员工</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="93"/>
        <source>Staff member enabled</source>
        <translation>启用员工</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="94"/>
        <source>Staff member disabled</source>
        <translation>停用员工</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="95"/>
        <source>Hall added</source>
        <translation>新增营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="96"/>
        <source>Setting changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="97"/>
        <source>Demo data loaded</source>
        <translation>载入演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="98"/>
        <source>Device registered</source>
        <translation>设备登记</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="99"/>
        <source>Device code renewed</source>
        <translation>设备激活码重发</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="100"/>
        <source>Device enrolled</source>
        <translation>设备激活</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="101"/>
        <source>Device code void</source>
        <translation>设备激活码作废</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="102"/>
        <source>Device revoked</source>
        <translation>设备吊销</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="112"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="120"/>
        <source>Admin command (%1)</source>
        <translation>管理命令（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="122"/>
        <source>Unknown user name “%1”</source>
        <translation>不存在的用户名“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="124"/>
        <source>Demo data loader</source>
        <translation>演示数据导入</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="129"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="133"/>
        <source>No hall</source>
        <translation>全公司</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="160"/>
        <source>%1 yuan</source>
        <translation>%1元</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="162"/>
        <source>%1 jiao</source>
        <translation>%1角</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="163"/>
        <source>%1 fen</source>
        <translation>%1分</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="176"/>
        <location filename="../../ui/counter/audit_text.py" line="199"/>
        <location filename="../../ui/counter/audit_text.py" line="201"/>
        <location filename="../../ui/counter/audit_text.py" line="276"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="181"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="181"/>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="182"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="182"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="221"/>
        <location filename="../../ui/counter/audit_text.py" line="237"/>
        <source>receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="222"/>
        <location filename="../../ui/counter/audit_text.py" line="238"/>
        <source>account</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="223"/>
        <source>staff member</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="224"/>
        <source>hall</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="225"/>
        <source>window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="226"/>
        <location filename="../../ui/counter/audit_text.py" line="242"/>
        <source>number</source>
        <translation>排队号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="227"/>
        <source>shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="228"/>
        <source>billing run</source>
        <translation>开账</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="229"/>
        <source>customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="230"/>
        <location filename="../../ui/counter/audit_text.py" line="528"/>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="239"/>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="240"/>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="241"/>
        <source>approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="243"/>
        <source>business day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="262"/>
        <source>Entry “%1” about %2 %3</source>
        <translation>记录“%1”，对象：%2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="265"/>
        <source>: %1</source>
        <translation>：%1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="265"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="271"/>
        <location filename="../../ui/counter/audit_text.py" line="294"/>
        <source>; approved by %1</source>
        <translation>；审批人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="278"/>
        <source>Took %1 by %2 for account %3, receipt %4</source>
        <translation>收款 %1（%2），户号 %3，收据 %4</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="283"/>
        <source>; %1 kept as prepaid credit</source>
        <translation>；其中 %1 转为预存</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="285"/>
        <source>; %1 of prepaid credit used</source>
        <translation>；使用预存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="291"/>
        <source>; late fee of bill %1 waived: %2 (%3)</source>
        <translation>；减免账单 %1 的滞纳金 %2（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="299"/>
        <source>Voided receipt %1 of %2</source>
        <translation>作废收据 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="304"/>
        <source>Refunded receipt %1 of %2 with refund voucher %3</source>
        <translation>退款：收据 %1（%2），退款凭证 %3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="310"/>
        <source>Printed receipt %1 again (copy %2)</source>
        <translation>重打收据 %1（第 %2 次重打）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="315"/>
        <source>Opened a shift for business day %1 with a float of %2</source>
        <translation>开班：营业日 %1，备用金 %2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="321"/>
        <source>Counted %1 at the shift close: the difference needs a hall manager&apos;s approval, the shift stays open</source>
        <translation>交班清点 %1：差额超出限额，需营业厅主任审批，班次仍未结束</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="327"/>
        <source>Closed the shift: counted %1, expected %2, difference %3</source>
        <translation>交班：实点 %1，应有 %2，差额 %3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="332"/>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="337"/>
        <source>Closed business day %1: %2 payments, %3 refunds, %4 voids, total %5</source>
        <translation>日结 %1：收款 %2 笔，退款 %3 笔，作废 %4 笔，合计 %5</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="347"/>
        <source>Billed %1 %2 (due %3): %4 new bills of %5, %6 billed before, %7 skipped; prepaid credit used %8</source>
        <translation>开账：%1 %2（缴费截止 %3），新开账单 %4 张，金额 %5；此前已开 %6 张，跳过 %7 户；预存抵扣 %8</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="356"/>
        <source>Published the gas tariff for %1 from %2: %3 per m³ by tier</source>
        <translation>发布燃气价格（%1），%2 起执行：阶梯单价 %3 每立方米</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="363"/>
        <source>Published the heating tariff for %1 from %2: %3 per m²</source>
        <translation>发布供热价格（%1），%2 起执行：每平方米 %3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="370"/>
        <source>Published late fee terms for %1 (%2) from %3: %4 a day, at most %5 of the bill</source>
        <translation>发布%1滞纳金规则（%2），%3 起执行：每日 %4，最高为账单金额的 %5</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="379"/>
        <source>Recorded meter reading %1 of account %2 on %3 (%4 m³ used)</source>
        <translation>录入户号 %2 的抄表读数 %1（抄表日 %3，用量 %4 立方米）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="386"/>
        <source>Called %1 out of turn</source>
        <translation>越号叫号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="392"/>
        <source>Transferred %1 to %2 at window %3</source>
        <translation>将 %1 转至 %3号窗口的 %2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="394"/>
        <source>Transferred %1 to %2</source>
        <translation>将 %1 转至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="399"/>
        <source>Paused calling at window %1</source>
        <translation>%1号窗口暂停叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="404"/>
        <source>Resumed calling at window %1</source>
        <translation>%1号窗口恢复叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="409"/>
        <source>Signing out at window %1 finished %2</source>
        <translation>%1号窗口退出登录，结束 %2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="416"/>
        <source>Took window %1 over from %2 and finished %3 they were serving</source>
        <translation>从 %2 接管%1号窗口，结束其正在办理的 %3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="419"/>
        <source>Took window %1 over from %2</source>
        <translation>从 %2 接管%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="425"/>
        <source>Cleared the hall display&apos;s notice</source>
        <translation>清除大厅显示屏滚动通知</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="426"/>
        <source>Set the hall display&apos;s notice to “%1”</source>
        <translation>大厅显示屏滚动通知改为“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="430"/>
        <source>Added the queue service %1 %2 at windows %3</source>
        <translation>新增排队业务 %1 %2，办理窗口：%3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="443"/>
        <source>Signed out by closing the program</source>
        <translation>关闭程序并退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="447"/>
        <source>Unlocked the screen</source>
        <translation>解锁屏幕</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="451"/>
        <source>Wrong password at sign-in (%1 in a row)</source>
        <translation>登录密码错误（连续第 %1 次）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="456"/>
        <source>Wrong password at the screen lock (%1 in a row)</source>
        <translation>解锁屏幕密码错误（连续第 %1 次）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="461"/>
        <source>Wrong password for a hall manager&apos;s approval (%1 in a row)</source>
        <translation>营业厅主任审批密码错误（连续第 %1 次）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="466"/>
        <source>Wrong current password when changing the password (%1 in a row)</source>
        <translation>修改密码时原密码错误（连续第 %1 次）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="471"/>
        <source>Sign-in with a user name that does not exist</source>
        <translation>登录时输入了不存在的用户名</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="475"/>
        <source>Approval with a user name that does not exist</source>
        <translation>审批时输入了不存在的用户名</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="479"/>
        <source>Account of %1 locked after %2 wrong passwords, until %3</source>
        <translation>%1 的账号因连续 %2 次密码错误被锁定，至 %3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="486"/>
        <source>Unlocked the account of %1</source>
        <translation>解锁 %1 的账号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="490"/>
        <source>Changed the password of %1</source>
        <translation>修改 %1 的密码</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="494"/>
        <source>Added %1 as %2</source>
        <translation>新增员工 %1，角色：%2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="499"/>
        <source>Disabled the account of %1</source>
        <translation>停用 %1 的账号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="503"/>
        <source>Enabled the account of %1 again</source>
        <translation>重新启用 %1 的账号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="508"/>
        <source>Added the hall %1 %2 with %3 windows</source>
        <translation>新增营业厅 %1 %2，共 %3 个窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="513"/>
        <source>company name</source>
        <translation>公司名称</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="515"/>
        <source>shift difference threshold</source>
        <translation>交班差额限额</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="517"/>
        <source>Changed the %1 from “%2” to “%3”</source>
        <translation>修改%1：由“%2”改为“%3”</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="522"/>
        <source>Loaded demo data: %1 customers, %2 accounts</source>
        <translation>载入演示数据：客户 %1 户，账户 %2 个</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="527"/>
        <source>kiosk</source>
        <translation>取号机</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="528"/>
        <source>hall display</source>
        <translation>大厅显示屏</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="532"/>
        <source>Registered the %1 “%2”; its one-time code was shown</source>
        <translation>登记了%1“%2”，一次性激活码已显示</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="537"/>
        <source>Gave the %1 “%2” a new one-time code</source>
        <translation>为%1“%2”重新生成了一次性激活码</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="542"/>
        <source>The %1 “%2” was enrolled with its one-time code</source>
        <translation>%1“%2”已用一次性激活码激活</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="547"/>
        <source>The one-time code of the device “%1” is void after %2 wrong tries</source>
        <translation>设备“%1”的一次性激活码输错%2次，已作废</translation>
    </message>
    <message>
        <location filename="../../ui/counter/audit_text.py" line="552"/>
        <source>Revoked the %1 “%2”</source>
        <translation>吊销了%1“%2”</translation>
    </message>
</context>
<context>
    <name>Billing</name>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="66"/>
        <source>Gas</source>
        <translation>燃气</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="66"/>
        <source>Heating</source>
        <translation>采暖</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="70"/>
        <source>no meter reading</source>
        <translation>无抄表读数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="71"/>
        <source>no consumption</source>
        <translation>无用气量</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="72"/>
        <source>no heated area</source>
        <translation>无供热面积</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="85"/>
        <source>a month, e.g. 2026-11</source>
        <translation>一个月，例如 2026-11</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="86"/>
        <source>a heating season, e.g. 2026-2027</source>
        <translation>一个采暖季，例如 2026-2027</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="94"/>
        <source>A gas period is a month: 2026-11.</source>
        <translation>燃气账期是一个月，例如 2026-11。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="95"/>
        <source>A heating period is a season: 2026-2027.</source>
        <translation>采暖账期是一个采暖季，例如 2026-2027。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="97"/>
        <source>The due date cannot be before today (the issue date).</source>
        <translation>缴费截止日不能早于今天（出账日）。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="100"/>
        <source>No tariff is in force for some accounts of this period: an administrator publishes the tariffs first (tariffs-from-file). Nothing was created.</source>
        <translation>本账期有些户没有适用的价格：请系统管理员先发布价格（tariffs-from-file）。没有生成任何账单。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="104"/>
        <source>Another billing run for this period ran at the same time. Run it again: it creates only what is missing.</source>
        <translation>同一账期的另一次开账同时在进行。请再开一次：只会补开缺少的账单。</translation>
    </message>
</context>
<context>
    <name>BillingRunPanel</name>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="252"/>
        <source>Billing run</source>
        <translation>开账</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="254"/>
        <source>A billing run creates the bills of one kind and period for every account of the company, in every hall: gas per month from that month&apos;s meter readings, heating per season by heated area. Bills are never deleted. Running a period again creates only the bills still missing.</source>
        <translation>开账为全公司（所有营业厅）该类别的所有户生成一个账期的账单：燃气按月，依据当月抄表读数；采暖按采暖季，依据供热面积。账单生成后不会删除。同一账期再次开账，只补开缺少的账单。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="259"/>
        <source>Your role may not run the billing. A hall manager runs it here, an administrator with the billing-run command.</source>
        <translation>您的角色不能开账。营业厅主任可在此开账，系统管理员可用 billing-run 命令开账。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="261"/>
        <source>&amp;Kind</source>
        <translation>类别(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="264"/>
        <source>Peri&amp;od</source>
        <translation>账期(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="267"/>
        <source>Du&amp;e by</source>
        <translation>缴费截止日(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="268"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="269"/>
        <source>Billing runs so far (newest first)</source>
        <translation>历次开账（最新的在前）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="271"/>
        <source>Run at</source>
        <translation>开账时间</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="271"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="271"/>
        <source>Period</source>
        <translation>账期</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="271"/>
        <source>Issued</source>
        <translation>出账日</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="272"/>
        <source>Due by</source>
        <translation>缴费截止日</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="272"/>
        <source>Created</source>
        <translation>新开</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="272"/>
        <source>Existed</source>
        <translation>已有</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="272"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="273"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="273"/>
        <source>Run by</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="289"/>
        <source>Running…</source>
        <translation>正在开账…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="290"/>
        <source>Run the &amp;billing…</source>
        <translation>开账(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="336"/>
        <source>Run the billing</source>
        <translation>开账</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="337"/>
        <source>Create the %1 bills of %2, due by %3, for every %1 account of the company?</source>
        <translation>为全公司所有%1户开 %2 的账单，缴费截止日 %3？</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="341"/>
        <source>Accounts billed for this period before keep their bills; only missing bills are created. Bills are never deleted.</source>
        <translation>本账期已出账的户保留原账单，只补开缺少的账单。账单生成后不会删除。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="343"/>
        <source>Create the bills</source>
        <translation>确认开账</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="344"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="379"/>
        <source>Creating the %1 bills of %2… this can take a while for many accounts.</source>
        <translation>正在开 %2 的%1账单…户数多时需要一些时间。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="414"/>
        <location filename="../../ui/manager/billing_run.py" line="430"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="417"/>
        <source>%1 was billed already: no new bills (%2 existed).</source>
        <translation>%1 已开过账：没有新账单（已有 %2 张）。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="420"/>
        <source>%1: no bills created, no account had anything to bill.</source>
        <translation>%1：没有新开账单，没有需要出账的户。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="423"/>
        <source>%1: %2 bills created, %3 in total.</source>
        <translation>%1：新开账单 %2 张，合计 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="425"/>
        <source>Created: %1 · existed already: %2 · skipped: %3</source>
        <translation>新开：%1 · 已有：%2 · 跳过：%3</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="429"/>
        <source>Skipped: %1</source>
        <translation>跳过：%1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="429"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="434"/>
        <source>Prepaid credit paid %1 of the new bills at once.</source>
        <translation>预存款已当即抵扣新账单 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="461"/>
        <source>admin command</source>
        <translation>管理命令</translation>
    </message>
    <message>
        <location filename="../../ui/manager/billing_run.py" line="475"/>
        <source>No billing run yet.</source>
        <translation>还没有开过账。</translation>
    </message>
</context>
<context>
    <name>BillsView</name>
    <message>
        <location filename="../../ui/cashier/bills.py" line="157"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="152"/>
        <location filename="../../ui/cashier/bills.py" line="157"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="152"/>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="152"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="152"/>
        <source>Owes</source>
        <translation>欠费</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="155"/>
        <source>Collect this account now (Space)</source>
        <translation>本次收取该户（空格键）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="157"/>
        <source>Due on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="157"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="158"/>
        <source>Late fee</source>
        <translation>滞纳金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="158"/>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="161"/>
        <source>Pay this bill (Space)</source>
        <translation>缴此账单（空格键）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="162"/>
        <source>&amp;Waive late fee…</source>
        <translation>滞纳金减免(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="163"/>
        <source>Waive</source>
        <translation>减免金额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="164"/>
        <source>Rea&amp;son</source>
        <translation>减免原因(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="165"/>
        <source>why, e.g. hardship approved by the manager</source>
        <translation>减免原因，如：困难户，经主任同意</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="167"/>
        <source>Apply</source>
        <translation>确定减免</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="168"/>
        <source>Remove the waiver</source>
        <translation>撤销减免</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="169"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="230"/>
        <source>Nothing owed</source>
        <translation>无欠费</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="250"/>
        <source>Bills of account %1 · %2 · %3</source>
        <translation>户号 %1 · %2 · %3 的账单</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="347"/>
        <source>%1 (%2 waived)</source>
        <translation>%1（已减免 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="354"/>
        <source>Find the customer on the left (F5): their accounts and open bills appear here.</source>
        <translation>请在左侧查找客户（F5）：其户号和未缴账单显示在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="357"/>
        <source>Account %1 owes nothing now. A payment is kept as prepaid credit.</source>
        <translation>户号 %1 当前无欠费。收款将转为预存。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="362"/>
        <source>Prepaid credit %1</source>
        <translation>预存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="383"/>
        <source>Not overdue: no late fee.</source>
        <translation>未逾期，无滞纳金。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="386"/>
        <source>%1 days overdue (%2 to %3) × %4 a day × %5 = %6</source>
        <translation>逾期 %1 天（%2 至 %3）× 每日 %4 × %5 = %6</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="394"/>
        <source>held to the cap: %1 of it was left, so %2 is charged</source>
        <translation>受封顶限制：剩余额度 %1，实计 %2</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="398"/>
        <source>%1 charged at an earlier payment and still owed</source>
        <translation>前次缴费时已计 %1，仍未付</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="401"/>
        <source>%1 waived (%2)</source>
        <translation>已减免 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="402"/>
        <source>%1 waived</source>
        <translation>已减免 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="413"/>
        <source>Late fee of %1: %2</source>
        <translation>%1 滞纳金：%2</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="473"/>
        <source>Selected %1 of %2 bills: %3 · All open bills %4 (late fees %5)</source>
        <translation>已选 %1/%2 笔：%3 · 全部未缴 %4（含滞纳金 %5）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="479"/>
        <source>%1 of late fees waived</source>
        <translation>滞纳金减免 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/bills.py" line="572"/>
        <source>Waive the late fee of %1 (%2): at most %3, with the reason.</source>
        <translation>减免 %1（%2）的滞纳金：最多 %3，须填写原因。</translation>
    </message>
</context>
<context>
    <name>CashierArea</name>
    <message>
        <location filename="../../ui/cashier/area.py" line="236"/>
        <source>Receipts (F12) · %1 not printed</source>
        <translation>收据查询 F12 · %1 张未打印</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="238"/>
        <source>Not printed yet: %1. Find them here (F12) and press Print again.</source>
        <translation>尚未打印：%1。请在此处（F12）找到并按“重新打印”。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="241"/>
        <source>Receipts (F12)</source>
        <translation>收据查询 F12</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="242"/>
        <source>Find a receipt to print it again, void it or refund it</source>
        <translation>查找收据以重打、作废或退款</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="483"/>
        <source>Customer&apos;s accounts: %1 · owed in all %2 · collected now: %3, %4</source>
        <translation>该客户 %1 个户号 · 欠费合计 %2 · 本次收取：%3，应收 %4</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="471"/>
        <location filename="../../ui/cashier/area.py" line="478"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="475"/>
        <source>%1 gets %2 (owes %3)</source>
        <translation>%1 收 %2（欠 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="479"/>
        <source>Account %1 gets nothing of this amount (it owes %2): the amount pays the oldest debt first.</source>
        <translation>户号 %1 本次不分得金额（欠 %2）：指定金额先还最早的欠费。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="492"/>
        <source>Account %1 still owes %2 and is not collected now.</source>
        <translation>户号 %1 仍欠 %2，本次未收取。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="497"/>
        <source>%1 more than owed becomes prepaid credit of account %2.</source>
        <translation>超出欠费的 %1 将转为户号 %2 的预存。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="500"/>
        <source>Account %1 is closed and takes no prepaid credit: collect only what is owed.</source>
        <translation>户号 %1 已销户，不能转入预存：只收欠费。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="506"/>
        <source>Account %1: its prepaid credit %2 pays %3 of it first (预存抵扣 on its receipt).</source>
        <translation>户号 %1：先用预存 %2 抵扣 %3（收据上注明预存抵扣）。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="537"/>
        <source>Find the customer first (F5).</source>
        <translation>请先查找客户（F5）。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="549"/>
        <source>Tick the bills to pay.</source>
        <translation>请勾选要缴的账单。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="551"/>
        <source>Nothing to pay: the prepaid credit covers it. Choose “An amount” to add credit.</source>
        <translation>无需缴费：预存已足够抵扣。如需预存，请选“指定金额”。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="615"/>
        <source>%1: %2 waived (%3)</source>
        <translation>%1：减免 %2（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="625"/>
        <source>Approve the late fee waiver</source>
        <translation>滞纳金减免授权</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="626"/>
        <source>This payment of %1 waives late fees:</source>
        <translation>本次收款 %1，含以下滞纳金减免：</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="628"/>
        <source>A hall manager approves here with their own user name and password; the payment is taken then.</source>
        <translation>请营业厅主任在此输入本人用户名和密码授权，授权后即完成收款。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="640"/>
        <source>Not paid: the late fee waiver needs a hall manager&apos;s approval. Take the waiver off, or ask the manager.</source>
        <translation>未收款：滞纳金减免须营业厅主任授权。请撤销减免，或请主任授权。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="717"/>
        <source>The connection to the HallDesk server broke while the payment was being saved, so it may have gone through. Take no other payment from this customer: press F9 again when the connection is back; the same payment is looked up, never charged twice.</source>
        <translation>保存收款时与 HallDesk 服务器的连接断开，这笔款可能已经收妥。请勿为该客户另收一笔：连接恢复后再按 F9，系统会按同一笔收款查找，绝不会重复收费。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="726"/>
        <source>The connection to the database broke while the payment was being saved, so it may have gone through. Take no other payment from this customer: press F9 again when the connection is back; the same payment is looked up, never charged twice.</source>
        <translation>保存收款时与数据库的连接断开，这笔款可能已经收妥。请勿为该客户另收一笔：连接恢复后再按 F9，系统会按同一笔收款查找，绝不会重复收费。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="853"/>
        <source>Void receipt %1</source>
        <translation>作废收据 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="854"/>
        <source>Voiding gives back %1 and marks receipt %2 作废; what it paid is owed again. A hall manager approves here with their own user name and password.</source>
        <translation>作废将退还 %1，收据 %2 标记为作废，所缴账单恢复为欠费。须由营业厅主任在此输入本人用户名和密码批准。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="872"/>
        <source>Receipt %1 is void (approved by %2): give back %3 and take the customer&apos;s copy back.</source>
        <translation>收据 %1 已作废（%2 批准）：请退还 %3，并收回客户联。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1019"/>
        <source>Refund receipt %1</source>
        <translation>收据 %1 退款</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1020"/>
        <source>A refund gives back all %1 of receipt %2 (paid by %3) the way it was paid, with a refund receipt of its own from your open shift; what it paid is owed again. A hall manager approves here with their own user name and password.</source>
        <translation>退款将按原支付方式（%3）退还收据 %2 的全部金额 %1，从您当前的班次出款并另开退款凭证；该笔缴费对应的欠费将恢复。请营业厅主任在此输入本人用户名和密码授权。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1054"/>
        <source>%1 in cash from your drawer</source>
        <translation>%1 从钱箱以现金退给客户</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1056"/>
        <source>the bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1056"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1057"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1058"/>
        <source>%1 back to %2 (transaction %3)</source>
        <translation>%1 原路退回%2（交易号 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1060"/>
        <source>Refund receipt %1 for receipt %2: give back %3 — %4.</source>
        <translation>退款凭证 %1（原收据 %2）：应退 %3 —— %4。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1064"/>
        <source>%1 goes back to the account&apos;s prepaid credit.</source>
        <translation>另有 %1 退回该户预存。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1066"/>
        <source>The customer signs the printed refund receipt.</source>
        <translation>请客户在打印的退款凭证上签字。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1130"/>
        <source>Approve the shift&apos;s difference</source>
        <translation>批准交班差额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/area.py" line="1132"/>
        <source>Cancel to count again.</source>
        <translation>取消则重新清点。</translation>
    </message>
</context>
<context>
    <name>CloseDayDialog</name>
    <message>
        <location filename="../../ui/manager/day_close.py" line="249"/>
        <source>Close the business day %1</source>
        <translation>日结 %1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="254"/>
        <source>Read the totals back before closing %1 of %2. After the close no payment can be dated in this day and no shift opened for it; the report is kept as it is now.</source>
        <translation>日结前请核对%2 %1 的合计。日结后，该营业日不能再收款，也不能再开班；日报按现在的数字留存。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="265"/>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="266"/>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="267"/>
        <source>Voided</source>
        <translation>作废笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="268"/>
        <source>%1 (%2)</source>
        <translation>%1（%2 笔）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="271"/>
        <source>Collected in total</source>
        <translation>实收合计</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="283"/>
        <source>Still open: %1. The day can be closed once these shifts are closed.</source>
        <translation>尚未交班：%1。这些班次交班后才能日结。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="291"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="287"/>
        <source>Close the day</source>
        <translation>确认日结</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="291"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Collection</name>
    <message>
        <location filename="../../ui/manager/day_close.py" line="97"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="97"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="98"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="99"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="103"/>
        <source>Gas</source>
        <translation>燃气费</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="103"/>
        <source>Heating</source>
        <translation>采暖费</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="104"/>
        <source>Late fees</source>
        <translation>滞纳金</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="105"/>
        <source>Prepaid credit (net)</source>
        <translation>预存（净额）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="113"/>
        <source>Over %1</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="115"/>
        <source>Short %1</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="116"/>
        <source>Matches</source>
        <translation>相符</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="825"/>
        <source>%1 has not begun yet: only a day that has begun can be closed.</source>
        <translation>%1 还没到：只能日结已经开始的营业日。</translation>
    </message>
</context>
<context>
    <name>CollectionArea</name>
    <message>
        <location filename="../../ui/manager/collection.py" line="37"/>
        <source>Collection &amp;report and day close</source>
        <translation>收费日报与日结(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/collection.py" line="38"/>
        <source>Billing r&amp;un</source>
        <translation>开账(&amp;U)</translation>
    </message>
</context>
<context>
    <name>CustomerCardView</name>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="249"/>
        <source>No customer selected</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="250"/>
        <source>Find the customer on the left: type and press Enter.</source>
        <translation>请在左侧查找客户：输入后按回车。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="257"/>
        <source>Owes %1</source>
        <translation>欠费 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="258"/>
        <source>Nothing owed</source>
        <translation>无欠费</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="264"/>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="272"/>
        <source>meter %1</source>
        <translation>表号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="274"/>
        <source>heated area %1 m²</source>
        <translation>供热面积 %1 m²</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="276"/>
        <source>opened %1</source>
        <translation>开户 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="278"/>
        <source>owes %1</source>
        <translation>欠费 %1</translation>
    </message>
</context>
<context>
    <name>CustomerSearch</name>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="87"/>
        <source>Find customer (F5)</source>
        <translation>客户查找 F5</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="88"/>
        <source>Account no., phone, name, address, meter no.</source>
        <translation>户号、手机号、姓名、地址、表号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="89"/>
        <source>There are more results: narrow the search.</source>
        <translation>还有更多结果，请缩小范围</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="137"/>
        <source>No customer found for “%1”.</source>
        <translation>没有找到与“%1”相符的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="140"/>
        <source>Two characters are looked for in names only: type at least three to search addresses.</source>
        <translation>两个字只按姓名查找；查地址请至少输入三个字。</translation>
    </message>
</context>
<context>
    <name>DatabasePasswordDialog</name>
    <message>
        <location filename="../../ui/counter/login.py" line="267"/>
        <source>Database password</source>
        <translation>数据库密码</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="269"/>
        <source>The database %1 needs the password of user %2.</source>
        <translation>数据库 %1 需要用户 %2 的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="283"/>
        <source>Keep it in the system keyring</source>
        <translation>保存到系统钥匙串</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="287"/>
        <source>No system keyring on this computer: the password is kept in memory until the program closes.</source>
        <translation>本机没有系统钥匙串：密码只保存在内存中，程序关闭后需重新输入。</translation>
    </message>
</context>
<context>
    <name>DayReportPanel</name>
    <message>
        <location filename="../../ui/manager/day_close.py" line="467"/>
        <source>Business &amp;day</source>
        <translation>营业日(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="468"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="469"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="471"/>
        <source>Collected in total</source>
        <translation>实收合计</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="471"/>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="471"/>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="472"/>
        <source>Voided</source>
        <translation>作废笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="474"/>
        <source>By way of paying</source>
        <translation>按支付方式</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="475"/>
        <source>By cashier</source>
        <translation>按收款员</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="476"/>
        <source>By fee kind</source>
        <translation>按收费项目</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="477"/>
        <source>Shifts (over: more cash than expected; short: less)</source>
        <translation>班次与长短款（长款：实点多于应有；短款：少于应有）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="480"/>
        <source>Way of paying</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="480"/>
        <location filename="../../ui/manager/day_close.py" line="482"/>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="480"/>
        <location filename="../../ui/manager/day_close.py" line="482"/>
        <location filename="../../ui/manager/day_close.py" line="483"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="482"/>
        <location filename="../../ui/manager/day_close.py" line="485"/>
        <source>Cashier</source>
        <translation>收款员</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="483"/>
        <source>Fee kind</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="485"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="485"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="485"/>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="486"/>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="486"/>
        <source>Counted cash</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="486"/>
        <source>Difference</source>
        <translation>长短款</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="499"/>
        <source>Save as &amp;PDF…</source>
        <translation>保存 PDF(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="500"/>
        <source>Save as E&amp;xcel…</source>
        <translation>保存 Excel(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="501"/>
        <source>Save as CS&amp;V…</source>
        <translation>保存 CSV(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="502"/>
        <source>C&amp;lose the day…</source>
        <translation>日结(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="578"/>
        <source>The report cannot be shown: %1</source>
        <translation>无法显示日报：%1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="580"/>
        <source>No report yet: the database cannot be reached. Retrying…</source>
        <translation>还没有日报：数据库无法连接，正在重试…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="582"/>
        <source>The report may be out of date: the database cannot be reached. Shown is the state of %1; retrying…</source>
        <translation>日报可能不是最新的：数据库无法连接。显示的是 %1 的数据，正在重试…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="607"/>
        <source>%1 — collection report</source>
        <translation>%1 — 收费日报</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="610"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="619"/>
        <source>Loading the report…</source>
        <translation>正在读取日报…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="627"/>
        <source>Closed by %1 at %2: no payment can be dated in this day any more.</source>
        <translation>已日结（%1，%2）：该营业日不能再收款。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="630"/>
        <source>Closed at %1: no payment can be dated in this day any more.</source>
        <translation>已于 %1 日结：该营业日不能再收款。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="633"/>
        <source>Not closed: the figures change with every payment until the day is closed.</source>
        <translation>未日结：日结前，每笔收款都会改变这些数字。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="636"/>
        <source>Not closed yet.</source>
        <translation>尚未日结。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="654"/>
        <source>Shifts still open: %1. The day can be closed once every shift is.</source>
        <translation>尚未交班：%1。所有班次交班后才能日结。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="661"/>
        <location filename="../../ui/manager/day_close.py" line="669"/>
        <location filename="../../ui/manager/day_close.py" line="677"/>
        <location filename="../../ui/manager/day_close.py" line="702"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="690"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="696"/>
        <source>Still open</source>
        <translation>未交班</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="703"/>
        <source>Not known: %1 still open</source>
        <translation>未定：%1 个班次未交班</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="708"/>
        <source>No shift was opened this day.</source>
        <translation>当天没有开班。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="724"/>
        <source>Collection report</source>
        <translation>收费日报</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="729"/>
        <source>Save the collection report</source>
        <translation>保存收费日报</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="741"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="747"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="753"/>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV 文件，可用 Excel 打开 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="762"/>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="770"/>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="774"/>
        <source>%1 could not be written (%2). Choose another folder or name.</source>
        <translation>无法写入 %1（%2）。请换一个文件夹或文件名。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="803"/>
        <source>Closing %1…</source>
        <translation>正在日结 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="807"/>
        <source>%1 is closed: %2 collected in %3 payments.</source>
        <translation>%1 已日结：共 %3 笔，实收 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/day_close.py" line="814"/>
        <source>The day was not closed: %1</source>
        <translation>未能日结：%1</translation>
    </message>
</context>
<context>
    <name>DeviceShell</name>
    <message>
        <location filename="../../ui/device_start.py" line="459"/>
        <source>HallDesk ticket kiosk</source>
        <translation>HallDesk 取号机</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="460"/>
        <source>HallDesk hall display</source>
        <translation>HallDesk 叫号大屏</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="461"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="468"/>
        <source>Ticket issuing is paused. Please go to the service desk.</source>
        <translation>暂停取号，请到服务台</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="469"/>
        <source>The hall display is waiting for the HallDesk server.</source>
        <translation>叫号大屏正在等待 HallDesk 服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="591"/>
        <source>This device was revoked on the HallDesk server. It works again once it is registered anew: enrol it with its new number and code.</source>
        <translation>此设备已在 HallDesk 服务器上被停用。重新注册后才能再用：请用新的设备编号和验证码激活。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="593"/>
        <source>The HallDesk server does not know this device&apos;s credential (it was enrolled with another server, or removed). Enrol it again with a new number and code.</source>
        <translation>HallDesk 服务器不认识此设备的凭据（它是在另一台服务器上激活的，或已被删除）。请用新的设备编号和验证码重新激活。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="623"/>
        <source>This computer has no usable keyring, so the device cannot keep its credential: it works until it is closed and has to be enrolled again at its next start. Set up the system&apos;s keyring to avoid this.</source>
        <translation>这台电脑没有可用的系统密钥环，设备无法保存其凭据：本次运行期间可以使用，关闭后下次启动须重新激活。配置好系统密钥环即可避免。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="657"/>
        <source>Enrolled. Signing in…</source>
        <translation>已激活，正在登录…</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../../ui/display/window.py" line="645"/>
        <source>HallDesk hall display</source>
        <translation>HallDesk 叫号大屏</translation>
    </message>
</context>
<context>
    <name>EnrolmentPage</name>
    <message>
        <location filename="../../ui/device_start.py" line="279"/>
        <source>Enrol this ticket kiosk</source>
        <translation>激活此取号机</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="281"/>
        <source>Enrol this hall display</source>
        <translation>激活此叫号大屏</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="283"/>
        <source>An administrator or the hall manager registers this device on the HallDesk server and is given its number and a one-time code, valid for 15 minutes. Type both here; the device then signs in by itself at every start.</source>
        <translation>系统管理员或营业厅主任在 HallDesk 服务器上注册此设备时，会得到设备编号和一次性验证码（15 分钟内有效）。请在此输入这两项；此后设备每次启动都会自动登录。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="286"/>
        <source>Device number</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="287"/>
        <source>One-time code (8 digits)</source>
        <translation>一次性验证码（8 位数字）</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="288"/>
        <source>Enrol</source>
        <translation>激活</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="340"/>
        <location filename="../../ui/device_start.py" line="366"/>
        <source>Type the device number you were given.</source>
        <translation>请输入注册时得到的设备编号。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="343"/>
        <source>The one-time code has 8 digits.</source>
        <translation>一次性验证码为 8 位数字。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="374"/>
        <source>The code is wrong: check it and type it again. %1 more wrong tries and it stops working.</source>
        <translation>验证码错误：请核对后重新输入。再错 %1 次，验证码即作废。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="378"/>
        <source>This code no longer works after five wrong tries: ask for a new code for device %1.</source>
        <translation>验证码已连续输错五次而作废：请为 %1 号设备重新获取验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="382"/>
        <source>This code has expired (a code lasts 15 minutes): ask for a new code for device %1.</source>
        <translation>验证码已过期（有效期 15 分钟）：请为 %1 号设备重新获取验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="386"/>
        <source>Device %1 is enrolled already. To enrol this PC as that device, it has to be revoked and registered anew.</source>
        <translation>%1 号设备已激活。如要让这台电脑作为该设备使用，须先将其停用并重新注册。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="390"/>
        <source>Device %1 was revoked: it has to be registered anew.</source>
        <translation>%1 号设备已被停用：须重新注册。</translation>
    </message>
    <message>
        <location filename="../../ui/device_start.py" line="394"/>
        <source>There is no device %1 waiting to be enrolled: check the number.</source>
        <translation>没有待激活的 %1 号设备：请核对设备编号。</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <location filename="../../ui/display/window.py" line="197"/>
        <source>HallDesk hall display</source>
        <translation>HallDesk 叫号大屏</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="343"/>
        <source>Last calls</source>
        <translation>最近叫号</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="344"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="345"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="346"/>
        <source>Reconnecting…</source>
        <translation>网络中断，正在重连…</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="513"/>
        <source>Number %1
to window %2</source>
        <translation>请 %1 号
到 %2 号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="531"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="532"/>
        <source>Please take a number and wait to be called</source>
        <translation>请取号等候叫号</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="535"/>
        <source>Number
%1
to window %2</source>
        <translation>请
%1号
到 %2 号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="553"/>
        <location filename="../../ui/display/window.py" line="577"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="581"/>
        <source>Paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="583"/>
        <location filename="../../ui/display/window.py" line="603"/>
        <source>Closed</source>
        <translation>未开放</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="601"/>
        <source>%1 waiting</source>
        <translation>%1 人等候</translation>
    </message>
</context>
<context>
    <name>HallView</name>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="321"/>
        <source>Acknowledge</source>
        <translation>确认已知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="322"/>
        <source>Waiting per service</source>
        <translation>各业务等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="323"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="324"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="325"/>
        <source>Tickets and average wait per hour</source>
        <translation>每小时取号数与平均等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="330"/>
        <source>Scrolling notice on the hall display</source>
        <translation>大厅显示屏滚动通知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="333"/>
        <location filename="../../ui/manager/hall_view.py" line="338"/>
        <source>Ticket</source>
        <translation>当前号码</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="334"/>
        <source>e.g. Heating fees for this season are due by 31 December</source>
        <translation>例如：本季供暖费请于12月31日前缴纳</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="336"/>
        <source>Save notice</source>
        <translation>保存通知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="331"/>
        <location filename="../../ui/manager/hall_view.py" line="337"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="332"/>
        <location filename="../../ui/manager/hall_view.py" line="337"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="341"/>
        <source>Waiting now</source>
        <translation>当前等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="341"/>
        <source>Tickets issued</source>
        <translation>已取号</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="342"/>
        <source>Served</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="342"/>
        <source>No-shows</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="343"/>
        <source>Average wait</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="344"/>
        <source>Average service time</source>
        <translation>平均办理时长</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="348"/>
        <source>This hall has no queue services yet.</source>
        <translation>本营业厅尚未设置排队业务。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="395"/>
        <source>No data yet: the database cannot be reached. Retrying…</source>
        <translation>暂无数据：数据库无法连接，正在重试…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="393"/>
        <source>Data may be out of date: %1</source>
        <translation>数据可能已过时：%1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="398"/>
        <source>the database cannot be reached; retrying…</source>
        <translation>数据库无法连接，正在重试…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="399"/>
        <source>State of %1, may be out of date: %2</source>
        <translation>%1 时的数据，可能已过时：%2</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="435"/>
        <source>%1 — queue now</source>
        <translation>%1 — 实时排队</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="437"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="492"/>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="492"/>
        <source>Paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="493"/>
        <source>Closed</source>
        <translation>未开放</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="551"/>
        <source>Over limit: customers have waited more than %1 minutes — %2</source>
        <translation>超时：有客户已等候超过 %1 分钟 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="584"/>
        <source>Saved: the hall display shows it now.</source>
        <translation>已保存：大厅显示屏现在显示该通知。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="585"/>
        <source>Saved: the hall display shows no notice.</source>
        <translation>已保存：大厅显示屏不再显示通知。</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="120"/>
        <source>Tickets issued</source>
        <translation>取号数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="121"/>
        <source>Average wait (min)</source>
        <translation>平均等候（分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="122"/>
        <source>Waiting limit</source>
        <translation>等候时限</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="123"/>
        <source>Tickets</source>
        <translation>取号数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="124"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="137"/>
        <source>%1:00</source>
        <translation>%1时</translation>
    </message>
</context>
<context>
    <name>KioskScreen</name>
    <message>
        <location filename="../../ui/kiosk/window.py" line="227"/>
        <location filename="../../ui/kiosk/window.py" line="468"/>
        <source>HallDesk ticket kiosk</source>
        <translation>HallDesk 取号机</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="469"/>
        <source>Ticket issuing is paused. Please go to the service desk.</source>
        <translation>暂停取号，请到服务台</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="470"/>
        <source>Please choose a service</source>
        <translation>请选择办理的业务</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="471"/>
        <source>Priority service: please choose why</source>
        <translation>优先办理：请选择原因</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="472"/>
        <source>Staff may ask for proof at the window.</source>
        <translation>窗口工作人员可能会查验相关证件。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="475"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="476"/>
        <source>Account number or phone number (optional)</source>
        <translation>请输入户号或手机号（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="477"/>
        <location filename="../../ui/kiosk/window.py" line="789"/>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="478"/>
        <location filename="../../ui/kiosk/window.py" line="790"/>
        <source>Phone no.</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="479"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="480"/>
        <source>Skip this number</source>
        <translation>不填此项</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="481"/>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="482"/>
        <source>Priority</source>
        <translation>优先</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="483"/>
        <source>Please take a photo of your number with your phone.</source>
        <translation>请用手机拍下您的号码</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="484"/>
        <source>Touch the screen to go back</source>
        <translation>点击屏幕返回</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="579"/>
        <source>No numbers now
open %1–%2</source>
        <translation>已停止取号
取号时间 %1–%2</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="583"/>
        <source>Today&apos;s numbers are all given out</source>
        <translation>今日号已取完</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="584"/>
        <source>%1 waiting</source>
        <translation>等候 %1 人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="620"/>
        <source>Senior citizen</source>
        <translation>老年人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="621"/>
        <source>Person with disability</source>
        <translation>残疾人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="622"/>
        <source>Military / veteran</source>
        <translation>军人 / 退役军人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="623"/>
        <source>Pregnant</source>
        <translation>孕妇</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="629"/>
        <source>✓ Priority: %1
Touch again to cancel</source>
        <translation>✓ 优先：%1
再次点击取消</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="633"/>
        <source>Priority service
seniors, disabled, military, pregnant</source>
        <translation>优先办理
老年人、残疾人、军人、孕妇</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="639"/>
        <location filename="../../ui/kiosk/window.py" line="837"/>
        <source>Account no. %1</source>
        <translation>户号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="641"/>
        <source>Phone no. entered</source>
        <translation>已输入手机号</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="642"/>
        <source>✓ %1
Touch to change</source>
        <translation>✓ %1
点击修改</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="646"/>
        <source>Account or phone number
optional: the window finds you faster</source>
        <translation>输入户号或手机号
可不填，填写后窗口办理更快</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="799"/>
        <source>Correct the number and touch OK to take your ticket, or skip it.</source>
        <translation>请改正号码后按“确定”取号，也可以不填此项。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="802"/>
        <source>The account number is on your gas or heating bill.</source>
        <translation>户号印在您的燃气费或供热费账单上。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="805"/>
        <source>A mobile number, or a landline with its area code.</source>
        <translation>手机号，或带区号的固定电话。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="830"/>
        <source>People ahead of you: %1</source>
        <translation>前面还有 %1 人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="833"/>
        <source>Nobody is ahead of you</source>
        <translation>前面无人等候</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="834"/>
        <source>Taken at %1</source>
        <translation>取号时间 %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="841"/>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="843"/>
        <source>Please take your ticket below.</source>
        <translation>请取走下方的号票</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="845"/>
        <source>Please wait to be called.</source>
        <translation>请留意叫号</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/kiosk/window.py" line="937"/>
        <source>HallDesk ticket kiosk</source>
        <translation>HallDesk 取号机</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../ui/counter/lock.py" line="128"/>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="129"/>
        <source>%1 (%2): enter your password to continue</source>
        <translation>%1（%2）：请输入密码继续</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="132"/>
        <source>Unlock (Enter)</source>
        <translation>解锁（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="133"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="175"/>
        <source>Wrong password. %1 more wrong attempt(s) lock the account.</source>
        <translation>密码错误。再错 %1 次，账号将被锁定。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/counter/login.py" line="195"/>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="126"/>
        <source>HallDesk — sign in</source>
        <translation>HallDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="127"/>
        <source>HallDesk service hall counter</source>
        <translation>HallDesk 营业厅柜台系统</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="128"/>
        <source>Gas and heating customer service</source>
        <translation>燃气·供热客户服务</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="129"/>
        <source>&amp;Hall</source>
        <translation>营业厅(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="129"/>
        <source>&amp;Window</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="130"/>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="130"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="133"/>
        <source>e.g. lina</source>
        <translation>例如 lina</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="134"/>
        <source>Sign in (Enter)</source>
        <translation>登录（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="137"/>
        <location filename="../../ui/counter/login.py" line="167"/>
        <source>(none: administrators)</source>
        <translation>（无：系统管理员）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="175"/>
        <source>No hall is set up yet. An administrator must create one (main.py create-hall) or load the demo data.</source>
        <translation>还没有设置营业厅。请系统管理员创建（main.py create-hall）或载入演示数据。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="191"/>
        <source>Server connected</source>
        <translation>服务器已连接</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="192"/>
        <source>Database connected</source>
        <translation>数据库已连接</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="194"/>
        <source>Connecting to the server…</source>
        <translation>正在连接服务器…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="205"/>
        <source>(none: back office)</source>
        <translation>（无窗口：后台）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="208"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="225"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/counter/main_window.py" line="246"/>
        <source>HallDesk — %1</source>
        <translation>HallDesk — %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="247"/>
        <location filename="../../ui/counter/main_window.py" line="260"/>
        <source>back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="249"/>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="249"/>
        <source>Cashier</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="250"/>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="250"/>
        <source>Arrears</source>
        <translation>催缴</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="251"/>
        <source>Hall</source>
        <translation>大厅管理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="251"/>
        <source>Fee collection</source>
        <translation>收费管理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="252"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="252"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="256"/>
        <source>Not signed in at a window: numbers are called from a window.</source>
        <translation>未在窗口登录：只有窗口可以叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="258"/>
        <source>User %1 (%2)</source>
        <translation>用户 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="262"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="264"/>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="265"/>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="266"/>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="267"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="268"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="315"/>
        <source>Server connected</source>
        <translation>服务器已连接</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="316"/>
        <source>Database connected</source>
        <translation>数据库已连接</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="319"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="321"/>
        <source>Server unreachable, retrying</source>
        <translation>服务器无法连接，正在重试</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="322"/>
        <source>The HallDesk server cannot be reached, retrying… Everything you typed stays on screen; save again when the connection is back.</source>
        <translation>HallDesk 服务器连接中断，正在自动重试… 已输入的内容都保留在屏幕上；连接恢复后请再保存一次。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="327"/>
        <source>Database unreachable, retrying</source>
        <translation>数据库无法连接，正在重试</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="328"/>
        <source>Database unreachable, retrying… Everything you typed stays on screen; save again when the connection is back.</source>
        <translation>数据库连接中断，正在自动重试… 已输入的内容都保留在屏幕上；连接恢复后请再保存一次。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="21"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="22"/>
        <source>%1 (%2, window %3)</source>
        <translation>%1（%2，%3号窗口）</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="30"/>
        <source>Window %1 was in use by %2 and is now yours; their number %3 was finished.</source>
        <translation>%1号窗口此前由 %2 使用，已接管；其正在办理的 %3 已结束。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="33"/>
        <source>Window %1 was in use by %2 and is now yours.</source>
        <translation>%1号窗口此前由 %2 使用，已接管。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="50"/>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="51"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="52"/>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53"/>
        <source>The password must mix letters and digits.</source>
        <translation>密码须同时包含字母和数字。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="54"/>
        <source>The new password must differ from the old one.</source>
        <translation>新密码不能与旧密码相同。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="55"/>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56"/>
        <source>Type at least two characters to search.</source>
        <translation>请至少输入两个字符再查找。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="57"/>
        <source>A search can have at most %1 characters: type part of it, e.g. the compound and building.</source>
        <translation>查询内容最多 %1 个字：请只输入其中一部分，如小区名和楼栋。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59"/>
        <location filename="../../ui/messages.py" line="62"/>
        <source>The search holds a character that cannot be typed (it came with pasted text): type the search again.</source>
        <translation>查询内容含有无法输入的字符（随粘贴的文字带入）：请重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="65"/>
        <source>A search can have at most %1 characters: type part of it.</source>
        <translation>查询内容最多 %1 个字：请只输入其中一部分。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="67"/>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68"/>
        <source>The notice can have at most %1 characters.</source>
        <translation>通知最多 %1 个字。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69"/>
        <source>%2 is not locked out.</source>
        <translation>%2 当前没有被锁定。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="70"/>
        <source>A user name is 2 to 40 lower-case letters or digits, starting with a letter.</source>
        <translation>用户名为 2 到 40 位小写字母或数字，以字母开头。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="74"/>
        <location filename="../../ui/messages.py" line="76"/>
        <source>Enter digits only.</source>
        <translation>请只输入数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75"/>
        <source>An account number has 6 to 20 digits.</source>
        <translation>户号应为6至20位数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="77"/>
        <source>A mobile number has 11 digits starting with 1; a landline needs its area code.</source>
        <translation>手机号应为以1开头的11位数字，固定电话请加区号</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="81"/>
        <source>Choose why the ticket has priority.</source>
        <translation>请选择优先原因</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="82"/>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="83"/>
        <location filename="../../ui/messages.py" line="94"/>
        <location filename="../../ui/messages.py" line="113"/>
        <location filename="../../ui/messages.py" line="124"/>
        <source>Not an amount: write yuan with a decimal point, e.g. 1,234.50 (commas only between thousands).</source>
        <translation>金额格式不对：请用小数点写元，如 1,234.50（逗号只用于千位分隔）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="85"/>
        <location filename="../../ui/messages.py" line="96"/>
        <location filename="../../ui/messages.py" line="116"/>
        <location filename="../../ui/messages.py" line="126"/>
        <source>An amount has at most two decimals (fen).</source>
        <translation>金额最多两位小数（到分）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="86"/>
        <location filename="../../ui/messages.py" line="97"/>
        <location filename="../../ui/messages.py" line="117"/>
        <location filename="../../ui/messages.py" line="127"/>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="87"/>
        <location filename="../../ui/messages.py" line="98"/>
        <location filename="../../ui/messages.py" line="118"/>
        <location filename="../../ui/messages.py" line="128"/>
        <location filename="../../ui/messages.py" line="141"/>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="88"/>
        <source>Each way of paying must pay more than nothing.</source>
        <translation>每种支付方式的金额都须大于零。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="89"/>
        <source>The first way of paying must pay less than the amount due: the second pays the rest.</source>
        <translation>第一种支付方式的金额须小于应收金额，其余由第二种方式支付。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="91"/>
        <source>The ways of paying do not add up to the amount due.</source>
        <translation>各支付方式合计与应收金额不符。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="93"/>
        <source>Enter the cash handed over.</source>
        <translation>请输入实收现金。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="99"/>
        <source>Less cash handed over than this pays.</source>
        <translation>实收现金少于应付金额。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="100"/>
        <source>Only cash gives change.</source>
        <translation>只有现金可以找零。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101"/>
        <source>Enter the transaction number (POS slip or the customer&apos;s phone).</source>
        <translation>请输入交易号（POS 签购单或客户手机上的单号）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="103"/>
        <location filename="../../ui/messages.py" line="111"/>
        <source>Choose how the customer pays.</source>
        <translation>请选择支付方式。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="104"/>
        <source>Tick the accounts to collect.</source>
        <translation>请勾选本次收取的户号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="105"/>
        <source>An account is named twice in one payment.</source>
        <translation>同一笔收款中户号重复。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="106"/>
        <source>This amount does not reach account %1, so its late fee waiver cannot be booked: take more, or take the waiver off.</source>
        <translation>这笔金额分不到户号 %1，它的滞纳金减免无法入账：请多收一些，或取消该减免。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="109"/>
        <source>Prepaid credit can only go to an account collected in this payment.</source>
        <translation>预存只能记入本次收取的户号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="112"/>
        <source>Enter the float counted into the drawer.</source>
        <translation>请输入钱箱中的备用金。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="119"/>
        <location filename="../../ui/messages.py" line="120"/>
        <source>Count notes and coins in whole numbers.</source>
        <translation>钞票和硬币请按整张（枚）清点。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="121"/>
        <source>Scan the receipt&apos;s barcode, or type a receipt number or an account number.</source>
        <translation>请扫描收据条码，或输入收据号、户号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="123"/>
        <source>Enter the late fee to waive.</source>
        <translation>请输入减免金额。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="129"/>
        <source>At most the late fee owed can be waived.</source>
        <translation>减免金额不能超过应缴滞纳金。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="130"/>
        <source>A waiver is for a bill that is not being paid: tick that bill, or take the waiver off.</source>
        <translation>减免的账单不在本次缴费范围内：请勾选该账单，或撤销减免。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132"/>
        <source>One waiver per bill.</source>
        <translation>每张账单只能减免一次。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="137"/>
        <source>The text holds a character that cannot be typed (it came with pasted text): type it again.</source>
        <translation>文字中有无法键入的字符（随粘贴的文字带入）：请重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="140"/>
        <source>This text can have at most %1 characters.</source>
        <translation>此处最多可填 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="142"/>
        <source>This number is too large.</source>
        <translation>数字太大。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="145"/>
        <source>Please check the highlighted field.</source>
        <translation>请检查标出的输入项。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="153"/>
        <source>Something went wrong and was not saved. Please try again; if it happens again, tell the administrator (details are in the log).</source>
        <translation>操作出错，未保存。请重试；如再次出现，请联系系统管理员（详情已记入日志）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="164"/>
        <source>Wrong user name or password. %1 more wrong attempt(s) will lock the account for 15 minutes.</source>
        <translation>用户名或密码错误。再错 %1 次，账号将被锁定 15 分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="169"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="171"/>
        <source>Too many wrong passwords: the account is locked until %1. A hall manager can unlock it earlier.</source>
        <translation>密码错误次数过多：账号已锁定至 %1。营业厅主任可提前解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="177"/>
        <source>%1 does not belong to %2 and cannot sign in here.</source>
        <translation>%1 不属于%2，不能在此登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="180"/>
        <source>The printer does not answer: check its power, paper and cable. Nothing was lost; print again when it is ready.</source>
        <translation>打印机没有响应：请检查电源、纸张和连接线。数据没有丢失，打印机就绪后可重新打印。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="187"/>
        <source>No shift is open: open a shift (with the float in the drawer) before taking money.</source>
        <translation>尚未开班：请先开班（放入备用金）再收款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="190"/>
        <source>The business day %1 is closed at this hall: nothing more can be paid in it.</source>
        <translation>本营业厅 %1 已日结，不能再收款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="194"/>
        <source>The count differs from the expected cash by more than ¥%1: count again, or a hall manager approves the difference.</source>
        <translation>清点金额与应有现金相差超过 ¥%1：请重新清点，或由营业厅主任批准差额。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="197"/>
        <source>A hall manager must approve this with their own user name and password.</source>
        <translation>此操作须由营业厅主任输入本人用户名和密码批准。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="200"/>
        <source>This payment was already taken as receipt %1, with other amounts. Check that receipt before taking money again.</source>
        <translation>这笔收款已按其他金额收取（收据 %1）。请先核对该收据，再决定是否收款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="204"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation>该账号已停用，请联系系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="206"/>
        <source>You cannot approve what you do yourself: another hall manager approves it with their own user name and password.</source>
        <translation>本人办理的业务不能由本人审批：请另一位营业厅主任用其本人的用户名和密码审批。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="210"/>
        <source>Another counter is still busy with the same records (for example a payment whose connection dropped). Nothing was saved: try again in a few seconds.</source>
        <translation>其他柜台仍在处理同样的数据（例如网络中断的一笔收费）。本次未保存任何内容：请几秒后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="214"/>
        <source>Your role may not do this.</source>
        <translation>您的岗位无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="218"/>
        <source>Hall %1 is not set up in the database.</source>
        <translation>数据库中没有营业厅 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="222"/>
        <source>Window %1 is not set up for this hall.</source>
        <translation>本营业厅没有 %1 号窗口。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="225"/>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="227"/>
        <source>This already exists.</source>
        <translation>已存在。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="229"/>
        <source>The database cannot be reached. Retrying automatically; what you typed is kept.</source>
        <translation>数据库无法连接，正在自动重试；已输入的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="234"/>
        <source>The server could not do this and saved nothing of it. Try again; if it happens again, tell the administrator (the server&apos;s log says why).</source>
        <translation>服务器未能完成此操作，也未保存任何内容。请重试；如再次出现，请告知系统管理员（原因见服务器日志）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="238"/>
        <source>The HallDesk server cannot be reached. Retrying automatically; what you typed is kept.</source>
        <translation>无法连接 HallDesk 服务器。正在自动重试；已输入的内容都会保留。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="241"/>
        <source>You are not signed in at the server: sign in again.</source>
        <translation>您尚未在服务器上登录：请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="243"/>
        <source>Your session has ended (signed out, or your account was changed by a manager): sign in again.</source>
        <translation>您的登录已结束（已退出，或管理员更改了您的账号）：请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="246"/>
        <source>Your session has expired after 12 hours: sign in again.</source>
        <translation>登录已满 12 小时失效：请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="248"/>
        <source>The screen is locked: unlock it with your password.</source>
        <translation>屏幕已锁定：请输入您的密码解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="252"/>
        <source>The database refused the password for user %1. Enter the right database password, or ask the administrator.</source>
        <translation>数据库拒绝了用户 %1 的密码。请输入正确的数据库密码，或联系系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="259"/>
        <source>The database has schema version %1, this program needs %2. An administrator must run &apos;halldesk migrate&apos;.</source>
        <translation>数据库结构版本为 %1，本程序需要 %2。请系统管理员运行“halldesk migrate”升级。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="268"/>
        <source>The settings are not valid: %1</source>
        <translation>设置有误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="276"/>
        <source>Clerk</source>
        <translation>受理员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="277"/>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="278"/>
        <source>Hall manager</source>
        <translation>营业厅主任</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="279"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="280"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="286"/>
        <source>Gas</source>
        <translation>燃气</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="287"/>
        <source>Heating</source>
        <translation>供热</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="294"/>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="295"/>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="296"/>
        <source>Low-income relief</source>
        <translation>低保减免</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="303"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="304"/>
        <source>Suspended</source>
        <translation>报停</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="305"/>
        <source>Closed</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="314"/>
        <source>Wrong code: %1 more wrong attempt(s) and the code is void.</source>
        <translation>验证码错误：再错 %1 次，验证码即作废。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="316"/>
        <source>The code has expired (it lasts 15 minutes): ask a manager for a new code.</source>
        <translation>验证码已过期（有效期 15 分钟）：请找经理重新获取验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="318"/>
        <source>The code is void after five wrong attempts: ask a manager for a new code.</source>
        <translation>验证码已连续输错五次而作废：请找经理重新获取验证码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="320"/>
        <source>This device is enrolled already: ask a manager to register it again if it needs a new code.</source>
        <translation>此设备已登记：如需新的验证码，请找经理重新注册此设备。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="322"/>
        <source>This device was revoked: ask a manager to register it again.</source>
        <translation>此设备已被停用：请找经理重新注册。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="324"/>
        <source>The server does not know this device: check its number, or ask a manager to register it.</source>
        <translation>服务器上没有此设备：请核对设备编号，或找经理注册。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="326"/>
        <source>This device&apos;s hall is closed: ask the administrator.</source>
        <translation>此设备所属营业厅已停用：请联系系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="328"/>
        <source>The server did not let this device in: ask a manager.</source>
        <translation>服务器拒绝了此设备：请找经理。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="337"/>
        <source>%1 is closed now (open %2–%3).</source>
        <translation>%1 现在不办理（办理时间 %2–%3）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="340"/>
        <source>Today&apos;s numbers for %1 are all given out.</source>
        <translation>%1 今日号码已发完。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="342"/>
        <source>This window is paused: resume it first.</source>
        <translation>本窗口已暂停，请先恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="343"/>
        <source>Sign in at a window to call numbers.</source>
        <translation>请在窗口登录后再叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="344"/>
        <source>Sign in at a hall to use its queue.</source>
        <translation>请在营业厅登录后再使用排队。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="345"/>
        <source>%1 is not waiting.</source>
        <translation>%1 不在等候中。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="346"/>
        <source>%1 is not called at this window.</source>
        <translation>%1 未在本窗口叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="347"/>
        <source>%1 is not a no-show.</source>
        <translation>%1 不是过号票。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="348"/>
        <source>%1 missed its turn too long ago: take a new number.</source>
        <translation>%1 过号已超时，请重新取号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="350"/>
        <source>Window %1 does not serve this service.</source>
        <translation>%1号窗口不办理此项业务。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="353"/>
        <source>The queue refused this.</source>
        <translation>排队系统拒绝了此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="360"/>
        <source>Sign in at a hall to take payments.</source>
        <translation>请在营业厅登录后收款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="361"/>
        <source>Sign in at a window to open a shift.</source>
        <translation>请在窗口登录后开班。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="362"/>
        <source>Your open shift is at another window: close it there first.</source>
        <translation>您的班次开在其他窗口，请先在那里交班。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="364"/>
        <source>Your shift of %1 is still open: close it and open a new one for today.</source>
        <translation>您 %1 的班次尚未交班：请交班后为今天重新开班。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="366"/>
        <source>You already have an open shift.</source>
        <translation>您已有未交班的班次。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="367"/>
        <source>Another cashier&apos;s shift is open at this window.</source>
        <translation>本窗口已有其他收费员的班次未交班。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="368"/>
        <source>One payment collects the accounts of one customer only: take the other customer&apos;s separately.</source>
        <translation>一笔收款只能收取同一客户的户号：其他客户请另行收款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="370"/>
        <source>Bill %1 has been paid meanwhile: the bills are reloaded.</source>
        <translation>账单 %1 已被缴清，账单已刷新。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="372"/>
        <source>The prepaid credit this payment left has been used since: it cannot be taken back.</source>
        <translation>本笔收款转入的预存已被使用，无法收回。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="374"/>
        <source>A refund is not voided: take a new payment instead.</source>
        <translation>退款不能作废，请重新收款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="375"/>
        <source>Receipt %1 is void already.</source>
        <translation>收据 %1 已作废。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="376"/>
        <source>Receipt %1 is not of your open shift: it can only be refunded.</source>
        <translation>收据 %1 不属于您当前的班次，只能退款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="378"/>
        <source>A refund is not refunded.</source>
        <translation>退款不能再退款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="379"/>
        <source>Receipt %1 took no money (prepaid credit paid its bills): there is nothing to refund.</source>
        <translation>收据 %1 未收现款（由预存抵扣账单）：没有可退的钱。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="382"/>
        <source>Account %1 is closed and takes no prepaid credit: collect only what is owed, or put the rest on an open account.</source>
        <translation>户号 %1 已销户，不能转入预存：只收欠费，或把余款记入在用的户号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="386"/>
        <source>Receipt %1 is refunded already.</source>
        <translation>收据 %1 已退款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="388"/>
        <source>The shift of receipt %1 is still open: its cashier voids it instead.</source>
        <translation>收据 %1 所在班次尚未交班：请由该收款员作废，不能退款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="390"/>
        <source>The day&apos;s figures changed after they were read back (payments or a shift meanwhile): read them again before closing.</source>
        <translation>读数确认后当日数据又有变化（期间有收款或交班）：请重新核对后再日结。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="393"/>
        <source>Shifts still open: %1.</source>
        <translation>仍有班次未交班：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="396"/>
        <source>The cashier&apos;s desk refused this.</source>
        <translation>收费操作被拒绝。</translation>
    </message>
</context>
<context>
    <name>NumberPad</name>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="46"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/keypad.py" line="47"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <location filename="../../ui/cashier/payment.py" line="319"/>
        <source>Pay</source>
        <translation>缴费</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="320"/>
        <source>&amp;All bills</source>
        <translation>全部账单(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="321"/>
        <source>&amp;Ticked bills</source>
        <translation>所选账单(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="322"/>
        <source>An a&amp;mount</source>
        <translation>指定金额(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="323"/>
        <source>oldest first</source>
        <translation>先缴最早的</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="324"/>
        <source>To pay</source>
        <translation>应收</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="325"/>
        <source>+ Split: a second way of paying</source>
        <translation>+ 组合支付：增加一种支付方式</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="326"/>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="327"/>
        <source>Take payment (F9)</source>
        <translation>收款 F9</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="374"/>
        <source>Late fee waived: %1</source>
        <translation>滞纳金减免 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="376"/>
        <source>a hall manager approves it when you take the payment</source>
        <translation>收款时须营业厅主任授权</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="142"/>
        <source>Call next (F1)</source>
        <translation>叫号 F1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="143"/>
        <source>Recall (F2)</source>
        <translation>重呼 F2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="144"/>
        <source>No-show (F3)</source>
        <translation>过号 F3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="145"/>
        <source>Done (F4)</source>
        <translation>完成 F4</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="146"/>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="147"/>
        <source>e.g. A012</source>
        <translation>如 A012</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="148"/>
        <source>Reason for calling out of order</source>
        <translation>指定叫号原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="149"/>
        <source>Call this number</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="150"/>
        <source>Requeue</source>
        <translation>过号重排</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="152"/>
        <source>A customer who missed their call and came back within the grace time: type the number on their slip, then Requeue</source>
        <translation>过号客户在宽限时间内返回：输入其号票上的号码，再点“过号重排”</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="154"/>
        <source>Issue ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="155"/>
        <source>Walk-in</source>
        <translation>现场取号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="156"/>
        <source>Take a number for a customer at the counter</source>
        <translation>为窗口前的客户取号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="159"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="161"/>
        <source>Priority: %1</source>
        <translation>优先：%1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="210"/>
        <source>Now: %1</source>
        <translation>当前 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="212"/>
        <source>Waiting: %1</source>
        <translation>等候 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="215"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="215"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="233"/>
        <source>Paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="235"/>
        <source>Window closed</source>
        <translation>未开放</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="237"/>
        <source>Serving</source>
        <translation>服务中</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="238"/>
        <source>Idle, ready to call</source>
        <translation>空闲，可叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="275"/>
        <source>Nobody is waiting for this window.</source>
        <translation>本窗口暂无等候。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="277"/>
        <location filename="../../ui/counter/queue_panel.py" line="340"/>
        <source>Called %1.</source>
        <translation>已呼叫 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="290"/>
        <source>%1 did not come after %2 calls: marked as no-show. It can be put back in line with Requeue.</source>
        <translation>%1 呼叫 %2 次未到，已记为过号；客户返回时可用“过号重排”重新排队。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="293"/>
        <source>Called %1 again.</source>
        <translation>已重呼 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="305"/>
        <source>%1 is back in line: %2 waiting ahead.</source>
        <translation>%1 已重新排队，前面 %2 人等候。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="355"/>
        <source>Issued %1: %2 waiting ahead.</source>
        <translation>已取号 %1，前面 %2 人等候。</translation>
    </message>
</context>
<context>
    <name>ReceiptHistoryPanel</name>
    <message>
        <location filename="../../ui/cashier/history.py" line="228"/>
        <source>Receipt or &amp;account no.</source>
        <translation>收据号/户号(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="229"/>
        <source>scan the receipt&apos;s barcode, or type, then Enter</source>
        <translation>扫描收据条码，或输入后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="231"/>
        <source>Find</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="232"/>
        <source>&amp;Day</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="233"/>
        <source>&amp;Mine only</source>
        <translation>只看本人(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="234"/>
        <source>Back to the desk (F12)</source>
        <translation>返回收费 F12</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="236"/>
        <source>Receipt no.</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="236"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="236"/>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="236"/>
        <source>Name</source>
        <translation>户名</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="237"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="237"/>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="237"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="237"/>
        <source>Print status</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="238"/>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="239"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="240"/>
        <source>&amp;Void (作废)…</source>
        <translation>作废(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="241"/>
        <source>Re&amp;fund (退款)…</source>
        <translation>退款(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="251"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="251"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="252"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="252"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="255"/>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="256"/>
        <source>Void (作废)</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="257"/>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="258"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="261"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="261"/>
        <source>Failed</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="262"/>
        <source>Not confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="265"/>
        <source>reprinted ×%1</source>
        <translation>重打%1次</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="321"/>
        <source>%1 (%2)</source>
        <translation>%1（%2号窗口）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="337"/>
        <source>Receipt found.</source>
        <translation>已找到收据。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="338"/>
        <source>No receipt of this hall has that number.</source>
        <translation>本营业厅没有这个收据号。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="340"/>
        <source>%1 receipts of this account, newest first.</source>
        <translation>该户共 %1 张收据，最新的在前。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="341"/>
        <source>This account has no receipt at this hall.</source>
        <translation>该户在本营业厅没有收据。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="343"/>
        <source>%1 receipts on %2, yours first.</source>
        <translation>%2 共 %1 张收据，本人收的在前。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="346"/>
        <source>No receipts on %1.</source>
        <translation>%1 没有收据。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="349"/>
        <source>Only the newest %1 are listed: find by number or account for the others.</source>
        <translation>只列出最新的 %1 张：其他收据请按收据号或户号查询。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="395"/>
        <source>%1 · account %2 (%3) · %4 · window %5</source>
        <translation>%1 · 户号 %2（%3）· %4 · %5号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="399"/>
        <source>Void (作废): the money was given back in its shift.</source>
        <translation>已作废：款项已在原班次退还。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="401"/>
        <source>Refunded by receipt %1.</source>
        <translation>已退款，退款凭证 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="403"/>
        <source>A refund of receipt %1.</source>
        <translation>收据 %1 的退款凭证。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="405"/>
        <source>Taken in your open shift: it can still be voided.</source>
        <translation>本人当前班次所收：仍可作废。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="407"/>
        <source>Its shift is still open: only its cashier can void it.</source>
        <translation>该班次尚未交班：只有原收费员可以作废。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="409"/>
        <source>Its shift is closed: money goes back by a refund.</source>
        <translation>该班次已交班：只能退款。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="411"/>
        <source>The last print failed: print it again.</source>
        <translation>上次打印失败：请重新打印。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="425"/>
        <source>No receipt chosen</source>
        <translation>未选择收据</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="426"/>
        <source>Scan a receipt&apos;s barcode or type its number, or choose one of the day&apos;s receipts.</source>
        <translation>扫描收据条码或输入收据号，或从当天的收据中选择。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="429"/>
        <source>Receipt %1</source>
        <translation>收据 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="464"/>
        <source>Printing the receipt…</source>
        <translation>正在打印收据…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="471"/>
        <source>Receipt printed.</source>
        <translation>收据已打印。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="472"/>
        <source>No receipt printer at this PC: saved as PDF %1</source>
        <translation>本机未配置收据打印机：已保存为 PDF %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/history.py" line="478"/>
        <source>Not printed: %1 Check the printer and press Print again.</source>
        <translation>未打印：%1 请检查打印机后按“重新打印”。</translation>
    </message>
</context>
<context>
    <name>ReceiptPanel</name>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="187"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="188"/>
        <source>Open the PDF</source>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="189"/>
        <source>Void (作废)…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="190"/>
        <source>New payment</source>
        <translation>新收款</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="191"/>
        <source>Change to give</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="192"/>
        <source>Next customer: Call next (F1), then find them (F5).</source>
        <translation>下一位：叫号 F1，然后查找客户 F5。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="229"/>
        <source>%1 receipts, one per account</source>
        <translation>共 %1 张收据，每个户号一张</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="231"/>
        <source>Received %1 for %2 accounts</source>
        <translation>实收 %1（%2 个户号）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="238"/>
        <source>Receipt %1</source>
        <translation>收据 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="239"/>
        <source>Received %1</source>
        <translation>实收 %1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="242"/>
        <source>%1 kept as prepaid credit</source>
        <translation>%1 转入预存</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="245"/>
        <source>(already taken: the same submission was sent again)</source>
        <translation>（已收款：同一笔提交被重发）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="256"/>
        <source>%1 · account %2 %3 · %4</source>
        <translation>%1 · 户号 %2 %3 · %4</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="298"/>
        <source>The account still owes %1: New payment shows the bills.</source>
        <translation>该户仍欠 %1：按“新收款”查看账单。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="300"/>
        <source>The customer&apos;s %2 accounts still owe %1: New payment shows the bills.</source>
        <translation>该客户 %2 个户号仍欠 %1：按“新收款”查看账单。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="312"/>
        <source>Printing the receipt…</source>
        <translation>正在打印收据…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="320"/>
        <source>Receipt printed.</source>
        <translation>收据已打印。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="323"/>
        <source>No receipt printer at this PC: saved as PDF %1</source>
        <translation>本机未配置收据打印机，已保存为 PDF：%1</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="332"/>
        <source>The payment is recorded (receipt %1); only the printing failed: %2 Check the printer and press Print again.</source>
        <translation>收款已入账（收据 %1），只是打印失败：%2 请检查打印机后按“重新打印”。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="335"/>
        <source>Not printed yet: %1 (they print after it; if you move on, print them from Receipts, F12).</source>
        <translation>尚未打印：%1（在它之后打印；如转到下一位，请在收据查询 F12 中打印）。</translation>
    </message>
</context>
<context>
    <name>ReprintField</name>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="65"/>
        <source>Reprint &amp;reason</source>
        <translation>重打原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="66"/>
        <source>e.g. the customer lost it</source>
        <translation>如：客户遗失</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/receipt_panel.py" line="67"/>
        <source>Reprint (重打)</source>
        <translation>重打</translation>
    </message>
</context>
<context>
    <name>ServiceTile</name>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="135"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="137"/>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="139"/>
        <source>Numbers left today</source>
        <translation>今日余号</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="141"/>
        <source>Over limit</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="144"/>
        <source>Closed now (hours %1–%2)</source>
        <translation>已停止取号（办理时间 %1–%2）</translation>
    </message>
</context>
<context>
    <name>ShiftBar</name>
    <message>
        <location filename="../../ui/cashier/shift.py" line="90"/>
        <source>&amp;Float in the drawer</source>
        <translation>备用金(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="91"/>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="92"/>
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="119"/>
        <source>Looking up your shift…</source>
        <translation>正在查询班次…</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="122"/>
        <source>Shift open since %1 at window %2 · float %3</source>
        <translation>已开班：%1 起 · %2号窗口 · 备用金 %3</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="126"/>
        <source>Your shift of %1 is still open: close it before taking money today.</source>
        <translation>您 %1 的班次尚未交班：请先交班，再开今天的班收款。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="129"/>
        <source>Your open shift is at window %1: take money there, or close it there first.</source>
        <translation>您的班次开在%1号窗口：请在该窗口收款，或先在那里交班。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="133"/>
        <source>No shift open: no money can be taken. Count the float into the drawer and open a shift.</source>
        <translation>尚未开班，不能收款。请清点备用金放入钱箱后开班。</translation>
    </message>
</context>
<context>
    <name>ShiftClosePanel</name>
    <message>
        <location filename="../../ui/cashier/shift.py" line="280"/>
        <source>Close shift: count the drawer</source>
        <translation>交班：清点钱箱</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="282"/>
        <source>Count the notes and coins in the drawer, the float included, and enter how many of each. The expected amount is shown after you submit the count.</source>
        <translation>清点钱箱中的钞票和硬币（含备用金），按面额输入张（枚）数。提交清点后才显示应有金额。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="284"/>
        <source>Note or coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="284"/>
        <source>How many</source>
        <translation>张（枚）数</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="284"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="287"/>
        <source>Counted</source>
        <translation>清点合计</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="288"/>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="289"/>
        <source>anything the manager should know</source>
        <translation>需要经理知道的情况</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="290"/>
        <source>Submit count</source>
        <translation>提交清点</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="291"/>
        <source>Back to the desk</source>
        <translation>返回收费</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="292"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="337"/>
        <source>Shift closed</source>
        <translation>已交班</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="340"/>
        <source>The drawer matches the expected cash.</source>
        <translation>钱箱与应有现金相符。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="342"/>
        <source>Over by %1: the drawer holds more than expected.</source>
        <translation>长款 %1：钱箱比应有多。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="345"/>
        <source>Short by %1: the drawer holds less than expected.</source>
        <translation>短款 %1：钱箱比应有少。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="348"/>
        <source>Approved by %1.</source>
        <translation>由 %1 批准。</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="354"/>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="355"/>
        <source>Cash counted</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="356"/>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="358"/>
        <source>Shift report</source>
        <translation>本班收款报告</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="359"/>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="360"/>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="361"/>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="362"/>
        <source>Voided</source>
        <translation>作废笔数</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="363"/>
        <source>Collected (voids not counted)</source>
        <translation>收款合计（不含作废）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="374"/>
        <source>Cash handed over (voids too)</source>
        <translation>现金收入（含作废）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="365"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="365"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="366"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="366"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="367"/>
        <source>· %1 (%2)</source>
        <translation>· %1（%2 笔）</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="376"/>
        <source>Change given</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="378"/>
        <source>Cash given back (voids)</source>
        <translation>作废退还现金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/shift.py" line="381"/>
        <source>Cash refunded</source>
        <translation>退款现金</translation>
    </message>
</context>
<context>
    <name>StaffArea</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="185"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="187"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="187"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="187"/>
        <source>Role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="187"/>
        <source>Hall</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="188"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="188"/>
        <source>Locked out</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="189"/>
        <source>Reason for unlocking (required)</source>
        <translation>解锁原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="190"/>
        <source>Unlock selected</source>
        <translation>解锁所选人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="199"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="199"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="204"/>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="213"/>
        <source>Select a staff member first.</source>
        <translation>请先选择一名人员。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="221"/>
        <source>%1 is unlocked.</source>
        <translation>%1 已解锁。</translation>
    </message>
</context>
<context>
    <name>TableArea</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="145"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>TenderLine</name>
    <message>
        <location filename="../../ui/cashier/payment.py" line="143"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="143"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="144"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="144"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="149"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="150"/>
        <source>Pays</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="151"/>
        <source>Cash &amp;handed over</source>
        <translation>实收现金(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="152"/>
        <source>exact amount if empty</source>
        <translation>不填即为正好</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="153"/>
        <source>Transaction &amp;no.</source>
        <translation>交易号(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/cashier/payment.py" line="154"/>
        <source>from the POS slip or the phone</source>
        <translation>签购单或手机上的单号</translation>
    </message>
</context>
</TS>
