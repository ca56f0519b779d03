-- UCI "Online Retail" invoice lines -> touchpoint events.
-- One purchase per invoice (amount = sum of quantity x unit price); one return per cancellation
-- invoice ("C..."), linked to the customer's latest earlier invoice holding one of the cancelled
-- stock codes (the export does not say which invoice a cancellation reverses).
-- Accounting adjustments ("A..." invoices, "Adjust bad debt") are not customer events and are left out.
WITH lines AS (
  SELECT InvoiceNo AS invoice,
         StockCode AS stock_code,
         CAST(Quantity AS INT) AS qty,
         CAST(UnitPrice AS DECIMAL(18, 4)) AS price,
         InvoiceDate AS invoice_date,          -- UK local time without zone: see cx.conf
         CustomerID AS customer,
         _source_file
  FROM source
  WHERE InvoiceNo NOT LIKE 'A%'
),
purchases AS (
  SELECT concat('invoice-', invoice) AS event_id,
         min(invoice_date) AS event_time,
         'purchase' AS event_type,
         customer AS customer_id,
         invoice AS order_id,
         CAST(sum(qty * price) AS DECIMAL(18, 2)) AS amount,
         min(_source_file) AS _source_file
  FROM lines
  WHERE invoice NOT LIKE 'C%'
  GROUP BY invoice, customer
),
cancel_lines AS (
  SELECT * FROM lines WHERE invoice LIKE 'C%'
),
reversed AS (
  SELECT c.invoice, p.invoice AS order_invoice,
         row_number() OVER (PARTITION BY c.invoice ORDER BY p.invoice_date DESC, p.invoice DESC) AS n
  FROM cancel_lines c
  JOIN lines p
    ON p.customer = c.customer AND p.stock_code = c.stock_code
   AND p.invoice NOT LIKE 'C%' AND p.invoice_date <= c.invoice_date
),
returns AS (
  SELECT concat('cancellation-', c.invoice) AS event_id,
         min(c.invoice_date) AS event_time,
         'return' AS event_type,
         c.customer AS customer_id,
         coalesce(r.order_invoice, c.invoice) AS order_id,
         CAST(-sum(c.qty * c.price) AS DECIMAL(18, 2)) AS amount,
         min(c._source_file) AS _source_file
  FROM cancel_lines c
  LEFT JOIN (SELECT invoice, order_invoice FROM reversed WHERE n = 1) r ON r.invoice = c.invoice
  GROUP BY c.invoice, c.customer, r.order_invoice
)
SELECT event_id, event_time, event_type, 'web' AS channel, 'online_shop' AS touchpoint, customer_id,
       order_id, amount, 'GBP' AS currency, _source_file
FROM purchases
UNION ALL
SELECT event_id, event_time, event_type, 'web' AS channel, 'cancellation' AS touchpoint, customer_id,
       order_id, amount, 'GBP' AS currency, _source_file
FROM returns
