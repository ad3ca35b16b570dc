<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Areas</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="42"/>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="43"/>
        <source>Log consultations, repairs, installations, complaints, suggestions and gas-leak emergencies; read them back; dispatch with a deadline; track to the callback.</source>
        <translation>登记咨询、报修、报装、投诉、建议和燃气泄漏紧急情况；向客户复述确认；限时派单；跟踪到回访。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="46"/>
        <source>the intake release</source>
        <translation>“业务受理”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="49"/>
        <source>Cashier</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="50"/>
        <source>Unpaid bills and late fees, cash / card / mobile payment, receipts, reprint, void with approval, shift and day close.</source>
        <translation>欠费账单与滞纳金，现金／银行卡／移动支付收款，打印收据、重打、经主管批准作废，交班与日结。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="52"/>
        <source>the fee collection release</source>
        <translation>“收费”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="55"/>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="56"/>
        <source>First-responder ownership, deadlines, escalation, replies, reopening.</source>
        <translation>首问负责制、处理时限、升级、答复客户、不满意重新处理。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="58"/>
        <source>the complaints release</source>
        <translation>“投诉处理”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="61"/>
        <source>Arrears</source>
        <translation>催缴</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="62"/>
        <source>Ageing lists, phone / SMS / printed reminders, promises to pay, escalation.</source>
        <translation>欠费账龄清单，电话／短信／书面催缴，缴费承诺，逐级上报。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="64"/>
        <source>the arrears release</source>
        <translation>“欠费催缴”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="67"/>
        <source>Hall</source>
        <translation>大厅管理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="68"/>
        <source>Live queue, windows, waits and alarms for the hall manager.</source>
        <translation>营业厅主任的实时排队、窗口状态、等候时长和告警。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="69"/>
        <source>the queue release</source>
        <translation>“排队叫号”版本</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="100"/>
        <source>Not available yet: this area arrives with %1.</source>
        <translation>尚未开放：本功能将随%1提供。</translation>
    </message>
</context>
<context>
    <name>AuditArea</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="249"/>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="251"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="251"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="251"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="251"/>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="252"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="252"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="253"/>
        <source>Verify chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="270"/>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="277"/>
        <source>Audit trail intact: %1 rows in %2 chains checked.</source>
        <translation>审计记录完好：已校验 %2 条链共 %1 条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="280"/>
        <source>TAMPERING DETECTED: %1 problem(s).</source>
        <translation>发现篡改：共 %1 处问题。</translation>
    </message>
</context>
<context>
    <name>CustomerCardView</name>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="180"/>
        <source>No customer selected</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="181"/>
        <source>Find the customer on the left: type and press Enter.</source>
        <translation>请在左侧查找客户：输入后按回车。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="185"/>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="190"/>
        <source>meter %1</source>
        <translation>表号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="192"/>
        <source>heated area %1 m²</source>
        <translation>供热面积 %1 m²</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="194"/>
        <source>opened %1</source>
        <translation>开户 %1</translation>
    </message>
</context>
<context>
    <name>CustomerSearch</name>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="63"/>
        <source>Find customer (F5)</source>
        <translation>客户查找 F5</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="64"/>
        <source>Account no., phone, name, address, meter no.</source>
        <translation>户号、手机号、姓名、地址、表号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/customer_panel.py" line="111"/>
        <source>No customer found for “%1”.</source>
        <translation>没有找到与“%1”相符的客户。</translation>
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
    <name>DisplayWindow</name>
    <message>
        <location filename="../../ui/display/window.py" line="446"/>
        <source>HallDesk hall display</source>
        <translation>HallDesk 叫号大屏</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="465"/>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="470"/>
        <source>This display has no hall: set it with
halldesk config set hall H01</source>
        <translation>本显示屏尚未设置营业厅，请执行：
halldesk config set hall H01</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <location filename="../../ui/display/window.py" line="140"/>
        <source>HallDesk hall display</source>
        <translation>HallDesk 叫号大屏</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="253"/>
        <source>Last calls</source>
        <translation>最近叫号</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="254"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="255"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="256"/>
        <source>Reconnecting…</source>
        <translation>网络中断，正在重连…</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="365"/>
        <source>Number %1
to window %2</source>
        <translation>请 %1 号
到 %2 号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="373"/>
        <location filename="../../ui/display/window.py" line="387"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="391"/>
        <source>Paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="393"/>
        <location filename="../../ui/display/window.py" line="411"/>
        <source>Closed</source>
        <translation>未开放</translation>
    </message>
    <message>
        <location filename="../../ui/display/window.py" line="409"/>
        <source>%1 waiting</source>
        <translation>%1 人等候</translation>
    </message>
</context>
<context>
    <name>HallView</name>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="299"/>
        <source>Acknowledge</source>
        <translation>确认已知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="300"/>
        <source>Waiting per service</source>
        <translation>各业务等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="301"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="302"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="303"/>
        <source>Tickets and average wait per hour</source>
        <translation>每小时取号数与平均等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="304"/>
        <source>Scrolling notice on the hall display</source>
        <translation>大厅显示屏滚动通知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="305"/>
        <source>e.g. Heating fees for this season are due by 31 December</source>
        <translation>例如：本季供暖费请于12月31日前缴纳</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="307"/>
        <source>Save notice</source>
        <translation>保存通知</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="308"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="308"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="309"/>
        <source>Current ticket</source>
        <translation>当前号码</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="312"/>
        <source>Waiting now</source>
        <translation>当前等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="312"/>
        <source>Tickets issued</source>
        <translation>已取号</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="313"/>
        <source>Served</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="313"/>
        <source>No-shows</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="314"/>
        <source>Average wait</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="315"/>
        <source>Average service time</source>
        <translation>平均办理时长</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="319"/>
        <source>This hall has no queue services yet.</source>
        <translation>本营业厅尚未设置排队业务。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="363"/>
        <source>No data yet: the database cannot be reached. Retrying…</source>
        <translation>暂无数据：数据库无法连接，正在重试…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="365"/>
        <source>Data may be out of date: the database cannot be reached. Shown is the state of %1; retrying…</source>
        <translation>数据可能已过时：数据库无法连接，显示的是 %1 时的状态，正在重试…</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="370"/>
        <source>Data may be out of date: %1</source>
        <translation>数据可能已过时：%1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="403"/>
        <source>%1 — queue now</source>
        <translation>%1 — 实时排队</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="405"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="460"/>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="460"/>
        <source>Paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="461"/>
        <source>Closed</source>
        <translation>未开放</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="513"/>
        <source>Over limit: customers have waited more than %1 minutes — %2</source>
        <translation>超时：有客户已等候超过 %1 分钟 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="547"/>
        <source>Saved: the hall display shows it now.</source>
        <translation>已保存：大厅显示屏现在显示该通知。</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="548"/>
        <source>Saved: the hall display shows no notice.</source>
        <translation>已保存：大厅显示屏不再显示通知。</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="107"/>
        <source>Tickets issued</source>
        <translation>取号数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="108"/>
        <source>Average wait (min)</source>
        <translation>平均等候（分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="109"/>
        <source>Waiting limit</source>
        <translation>等候时限</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="110"/>
        <source>Tickets</source>
        <translation>取号数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="111"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hour_chart.py" line="132"/>
        <source>%1:00</source>
        <translation>%1时</translation>
    </message>
</context>
<context>
    <name>KioskScreen</name>
    <message>
        <location filename="../../ui/kiosk/window.py" line="240"/>
        <location filename="../../ui/kiosk/window.py" line="482"/>
        <source>HallDesk ticket kiosk</source>
        <translation>HallDesk 取号机</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="483"/>
        <source>Ticket issuing is paused. Please go to the service desk.</source>
        <translation>暂停取号，请到服务台</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="484"/>
        <source>Please choose a service</source>
        <translation>请选择办理的业务</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="485"/>
        <source>Priority service: please choose why</source>
        <translation>优先办理：请选择原因</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="486"/>
        <source>Staff may ask for proof at the window.</source>
        <translation>窗口工作人员可能会查验相关证件。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="489"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="490"/>
        <source>Account number or phone number (optional)</source>
        <translation>请输入户号或手机号（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="491"/>
        <location filename="../../ui/kiosk/window.py" line="810"/>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="492"/>
        <location filename="../../ui/kiosk/window.py" line="811"/>
        <source>Phone no.</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="493"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="494"/>
        <source>Skip this number</source>
        <translation>不填此项</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="495"/>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="496"/>
        <source>Priority</source>
        <translation>优先</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="497"/>
        <source>Please take a photo of your number with your phone.</source>
        <translation>请用手机拍下您的号码</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="498"/>
        <source>Touch the screen to go back</source>
        <translation>点击屏幕返回</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="593"/>
        <source>No numbers now
open %1–%2</source>
        <translation>已停止取号
取号时间 %1–%2</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="597"/>
        <source>Today&apos;s numbers are all given out</source>
        <translation>今日号已取完</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="598"/>
        <source>%1 waiting</source>
        <translation>等候 %1 人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="634"/>
        <source>Senior citizen</source>
        <translation>老年人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="635"/>
        <source>Person with disability</source>
        <translation>残疾人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="636"/>
        <source>Military / veteran</source>
        <translation>军人 / 退役军人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="637"/>
        <source>Pregnant</source>
        <translation>孕妇</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="643"/>
        <source>✓ Priority: %1
Touch again to cancel</source>
        <translation>✓ 优先：%1
再次点击取消</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="647"/>
        <source>Priority service
seniors, disabled, military, pregnant</source>
        <translation>优先办理
老年人、残疾人、军人、孕妇</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="653"/>
        <location filename="../../ui/kiosk/window.py" line="858"/>
        <source>Account no. %1</source>
        <translation>户号 %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="655"/>
        <source>Phone no. entered</source>
        <translation>已输入手机号</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="656"/>
        <source>✓ %1
Touch to change</source>
        <translation>✓ %1
点击修改</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="660"/>
        <source>Account or phone number
optional: the window finds you faster</source>
        <translation>输入户号或手机号
可不填，填写后窗口办理更快</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="820"/>
        <source>Correct the number and touch OK to take your ticket, or skip it.</source>
        <translation>请改正号码后按“确定”取号，也可以不填此项。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="823"/>
        <source>The account number is on your gas or heating bill.</source>
        <translation>户号印在您的燃气费或供热费账单上。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="826"/>
        <source>A mobile number, or a landline with its area code.</source>
        <translation>手机号，或带区号的固定电话。</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="851"/>
        <source>People ahead of you: %1</source>
        <translation>前面还有 %1 人</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="854"/>
        <source>Nobody is ahead of you</source>
        <translation>前面无人等候</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="855"/>
        <source>Taken at %1</source>
        <translation>取号时间 %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="862"/>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="864"/>
        <source>Please take your ticket below.</source>
        <translation>请取走下方的号票</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="866"/>
        <source>Please wait to be called.</source>
        <translation>请留意叫号</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/kiosk/window.py" line="960"/>
        <source>HallDesk ticket kiosk</source>
        <translation>HallDesk 取号机</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="989"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="994"/>
        <source>This kiosk has no hall: set it with
halldesk config set hall H01</source>
        <translation>本取号机未设置营业厅，请用以下命令设置：
halldesk config set hall H01</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="1003"/>
        <source>Ticket issuing is paused. Please go to the service desk.</source>
        <translation>暂停取号，请到服务台</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../ui/counter/lock.py" line="127"/>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="128"/>
        <source>%1 (%2): enter your password to continue</source>
        <translation>%1（%2）：请输入密码继续</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="131"/>
        <source>Unlock (Enter)</source>
        <translation>解锁（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/lock.py" line="132"/>
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
        <location filename="../../ui/counter/login.py" line="190"/>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="118"/>
        <source>HallDesk — sign in</source>
        <translation>HallDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="119"/>
        <source>HallDesk service hall counter</source>
        <translation>HallDesk 营业厅柜台系统</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="120"/>
        <source>Gas and heating customer service</source>
        <translation>燃气·供热客户服务</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="121"/>
        <source>&amp;Hall</source>
        <translation>营业厅(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="121"/>
        <source>&amp;Window</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="122"/>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="122"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="125"/>
        <source>e.g. lina</source>
        <translation>例如 lina</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="126"/>
        <source>Sign in (Enter)</source>
        <translation>登录（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="129"/>
        <location filename="../../ui/counter/login.py" line="164"/>
        <source>(none: administrators)</source>
        <translation>（无：系统管理员）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="188"/>
        <source>Database connected</source>
        <translation>数据库已连接</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="172"/>
        <source>No hall is set up yet. An administrator must create one (halldesk create-hall) or load the demo data.</source>
        <translation>还没有设置营业厅。请系统管理员创建（halldesk create-hall）或载入演示数据。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="200"/>
        <source>(none: back office)</source>
        <translation>（无窗口：后台）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="203"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/login.py" line="227"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/counter/main_window.py" line="204"/>
        <source>HallDesk — %1</source>
        <translation>HallDesk — %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="205"/>
        <location filename="../../ui/counter/main_window.py" line="217"/>
        <source>back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="207"/>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="207"/>
        <source>Cashier</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="208"/>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="208"/>
        <source>Arrears</source>
        <translation>催缴</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="209"/>
        <source>Hall</source>
        <translation>大厅管理</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="209"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="209"/>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="213"/>
        <source>Not signed in at a window: numbers are called from a window.</source>
        <translation>未在窗口登录：只有窗口可以叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="215"/>
        <source>User %1 (%2)</source>
        <translation>用户 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="219"/>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="221"/>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="222"/>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="223"/>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="224"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="225"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="259"/>
        <source>Database connected</source>
        <translation>数据库已连接</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="262"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="264"/>
        <source>Database unreachable, retrying</source>
        <translation>数据库无法连接，正在重试</translation>
    </message>
    <message>
        <location filename="../../ui/counter/main_window.py" line="265"/>
        <source>Database unreachable, retrying… Everything you typed stays on screen; save again when the connection is back.</source>
        <translation>数据库连接中断，正在自动重试… 已输入的内容都保留在屏幕上；连接恢复后请再保存一次。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="26"/>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="27"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="28"/>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29"/>
        <source>The password must mix letters and digits.</source>
        <translation>密码须同时包含字母和数字。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="30"/>
        <source>The new password must differ from the old one.</source>
        <translation>新密码不能与旧密码相同。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="31"/>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32"/>
        <source>Type at least two characters to search.</source>
        <translation>请至少输入两个字符再查找。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="33"/>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="34"/>
        <source>The notice can have at most %1 characters.</source>
        <translation>通知最多 %1 个字。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="35"/>
        <source>%2 is not locked out.</source>
        <translation>%2 当前没有被锁定。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36"/>
        <source>A user name is 2 to 40 lower-case letters or digits, starting with a letter.</source>
        <translation>用户名为 2 到 40 位小写字母或数字，以字母开头。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40"/>
        <location filename="../../ui/messages.py" line="42"/>
        <source>Enter digits only.</source>
        <translation>请只输入数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="41"/>
        <source>An account number has 6 to 20 digits.</source>
        <translation>户号应为6至20位数字</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="43"/>
        <source>A mobile number has 11 digits starting with 1; a landline needs its area code.</source>
        <translation>手机号应为以1开头的11位数字，固定电话请加区号</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="47"/>
        <source>Choose why the ticket has priority.</source>
        <translation>请选择优先原因</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="51"/>
        <source>Please check the highlighted field.</source>
        <translation>请检查标出的输入项。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59"/>
        <source>Something went wrong and was not saved. Please try again; if it happens again, tell the administrator (details are in the log).</source>
        <translation>操作出错，未保存。请重试；如再次出现，请联系系统管理员（详情已记入日志）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="70"/>
        <source>Wrong user name or password. %1 more wrong attempt(s) will lock the account for 15 minutes.</source>
        <translation>用户名或密码错误。再错 %1 次，账号将被锁定 15 分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="77"/>
        <source>Too many wrong passwords: the account is locked until %1. A hall manager can unlock it earlier.</source>
        <translation>密码错误次数过多：账号已锁定至 %1。营业厅主任可提前解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="83"/>
        <source>%1 does not belong to %2 and cannot sign in here.</source>
        <translation>%1 不属于%2，不能在此登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="86"/>
        <source>The printer does not answer: check its power, paper and cable. Nothing was lost; print again when it is ready.</source>
        <translation>打印机没有响应：请检查电源、纸张和连接线。数据没有丢失，打印机就绪后可重新打印。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="91"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation>该账号已停用，请联系系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="93"/>
        <source>Your role may not do this.</source>
        <translation>您的岗位无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="97"/>
        <source>Hall %1 is not set up in the database.</source>
        <translation>数据库中没有营业厅 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101"/>
        <source>Window %1 is not set up for this hall.</source>
        <translation>本营业厅没有 %1 号窗口。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="104"/>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="106"/>
        <source>This already exists.</source>
        <translation>已存在。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="108"/>
        <source>The database cannot be reached. Retrying automatically; what you typed is kept.</source>
        <translation>数据库无法连接，正在自动重试；已输入的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="113"/>
        <source>The database refused the password for user %1. Enter the right database password, or ask the administrator.</source>
        <translation>数据库拒绝了用户 %1 的密码。请输入正确的数据库密码，或联系系统管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="120"/>
        <source>The database has schema version %1, this program needs %2. An administrator must run &apos;halldesk migrate&apos;.</source>
        <translation>数据库结构版本为 %1，本程序需要 %2。请系统管理员运行“halldesk migrate”升级。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="129"/>
        <source>The settings are not valid: %1</source>
        <translation>设置有误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="137"/>
        <source>Clerk</source>
        <translation>受理员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="138"/>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="139"/>
        <source>Hall manager</source>
        <translation>营业厅主任</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="140"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="141"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="147"/>
        <source>Gas</source>
        <translation>燃气</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="148"/>
        <source>Heating</source>
        <translation>供热</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="155"/>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="156"/>
        <source>Non-residential</source>
        <translation>非居民</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="157"/>
        <source>Low-income relief</source>
        <translation>低保减免</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="164"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="165"/>
        <source>Suspended</source>
        <translation>报停</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="166"/>
        <source>Closed</source>
        <translation>已销户</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="173"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="174"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="175"/>
        <source>Program closed (signed out)</source>
        <translation>关闭程序（退出登录）</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="176"/>
        <source>Wrong password at sign-in</source>
        <translation>登录密码错误</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="177"/>
        <source>Wrong password at screen unlock</source>
        <translation>解锁密码错误</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="178"/>
        <source>Screen unlocked</source>
        <translation>解锁屏幕</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="179"/>
        <source>Account locked</source>
        <translation>账号锁定</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="180"/>
        <source>Account unlocked</source>
        <translation>账号解锁</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="181"/>
        <source>Staff member added</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="182"/>
        <source>Staff member disabled</source>
        <translation>停用人员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="183"/>
        <source>Staff member enabled</source>
        <translation>启用人员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="184"/>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="185"/>
        <source>Hall added</source>
        <translation>新增营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="186"/>
        <source>Demo data loaded</source>
        <translation>载入演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="187"/>
        <source>Hall display notice changed</source>
        <translation>修改大厅显示屏通知</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="194"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="195"/>
        <source>Hall</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="196"/>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="197"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="198"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="217"/>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="218"/>
        <source>role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="219"/>
        <source>wrong passwords in a row</source>
        <translation>连续输错密码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="220"/>
        <source>locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="221"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="222"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="223"/>
        <source>windows</source>
        <translation>窗口数</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="224"/>
        <source>customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="225"/>
        <source>accounts</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="235"/>
        <source>%1 is closed now (open %2–%3).</source>
        <translation>%1 现在不办理（办理时间 %2–%3）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="238"/>
        <source>Today&apos;s numbers for %1 are all given out.</source>
        <translation>%1 今日号码已发完。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="240"/>
        <source>This window is paused: resume it first.</source>
        <translation>本窗口已暂停，请先恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="241"/>
        <source>Sign in at a window to call numbers.</source>
        <translation>请在窗口登录后再叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="242"/>
        <source>Sign in at a hall to use its queue.</source>
        <translation>请在营业厅登录后再使用排队。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="243"/>
        <source>%1 is not waiting.</source>
        <translation>%1 不在等候中。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="244"/>
        <source>%1 is not called at this window.</source>
        <translation>%1 未在本窗口叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="245"/>
        <source>%1 is not a no-show.</source>
        <translation>%1 不是过号票。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="246"/>
        <source>%1 missed its turn too long ago: take a new number.</source>
        <translation>%1 过号已超时，请重新取号。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="249"/>
        <source>The queue refused this.</source>
        <translation>排队系统拒绝了此操作。</translation>
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
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="123"/>
        <source>Call next (F1)</source>
        <translation>叫号 F1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="124"/>
        <source>Recall (F2)</source>
        <translation>重呼 F2</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="125"/>
        <source>No-show (F3)</source>
        <translation>过号 F3</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="126"/>
        <source>Done (F4)</source>
        <translation>完成 F4</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="127"/>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="128"/>
        <source>e.g. A012</source>
        <translation>如 A012</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="129"/>
        <source>Reason for calling out of order</source>
        <translation>指定叫号原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="130"/>
        <source>Call this number</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="131"/>
        <source>Issue ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="132"/>
        <source>Walk-in</source>
        <translation>现场取号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="133"/>
        <source>Take a number for a customer at the counter</source>
        <translation>为窗口前的客户取号</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="136"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="138"/>
        <source>Priority: %1</source>
        <translation>优先：%1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="173"/>
        <source>Now: %1</source>
        <translation>当前 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="175"/>
        <source>Waiting: %1</source>
        <translation>等候 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="178"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="178"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="212"/>
        <source>Nobody is waiting for this window.</source>
        <translation>本窗口暂无等候。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="214"/>
        <location filename="../../ui/counter/queue_panel.py" line="260"/>
        <source>Called %1.</source>
        <translation>已呼叫 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/queue_panel.py" line="275"/>
        <source>Issued %1: %2 waiting ahead.</source>
        <translation>已取号 %1，前面 %2 人等候。</translation>
    </message>
</context>
<context>
    <name>ServiceTile</name>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="122"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="124"/>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="126"/>
        <source>Numbers left today</source>
        <translation>今日余号</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="128"/>
        <source>Over limit</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/manager/hall_view.py" line="131"/>
        <source>Closed now (hours %1–%2)</source>
        <translation>已停止取号（办理时间 %1–%2）</translation>
    </message>
</context>
<context>
    <name>StaffArea</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="188"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="190"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="190"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="190"/>
        <source>Role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="190"/>
        <source>Hall</source>
        <translation>营业厅</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="191"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="191"/>
        <source>Locked out</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="192"/>
        <source>Reason for unlocking (required)</source>
        <translation>解锁原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="193"/>
        <source>Unlock selected</source>
        <translation>解锁所选人员</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="203"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="203"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="208"/>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="217"/>
        <source>Select a staff member first.</source>
        <translation>请先选择一名人员。</translation>
    </message>
    <message>
        <location filename="../../ui/counter/areas.py" line="224"/>
        <source>%1 is unlocked.</source>
        <translation>%1 已解锁。</translation>
    </message>
</context>
<context>
    <name>TableArea</name>
    <message>
        <location filename="../../ui/counter/areas.py" line="148"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
</TS>
