"""Documents (receipts, queue tickets, notices, reports) rendered to PDF or ESC/POS bytes.

Called by ui through app services; built by the fee-collection and queue releases.
"""
