-- Retailrocket clickstream -> touchpoint events: views and add-to-carts per item, one purchase per
-- transaction. Visitors are anonymous until they buy: views and carts carry the visitor as
-- anonymous_id, purchases carry it as customer_id too, so the pipeline stitches a buyer's earlier
-- browsing to them. The export has no prices: purchase amounts are 0, revenue KPIs mean nothing here.
WITH clicks AS (
  SELECT CAST(timestamp AS BIGINT) AS ts, visitorid AS visitor, event, itemid AS item,
         transactionid AS tx, _source_file
  FROM source
)
SELECT concat('rr-', visitor, '-', ts, '-', event, '-', item) AS event_id,
       ts AS event_time,
       CASE event WHEN 'view' THEN 'page_view' WHEN 'addtocart' THEN 'add_to_cart' ELSE event END AS event_type,
       'web' AS channel,
       'product_page' AS touchpoint,
       CAST(NULL AS STRING) AS customer_id,
       concat('rr-', visitor) AS anonymous_id,
       CAST(NULL AS STRING) AS order_id,
       item AS product_id,
       CAST(NULL AS INT) AS quantity,
       CAST(NULL AS DECIMAL(18, 2)) AS amount,
       concat('/item/', item) AS page,
       _source_file
FROM clicks
WHERE event <> 'transaction'
UNION ALL
SELECT concat('rr-transaction-', tx) AS event_id,
       min(ts) AS event_time,
       'purchase' AS event_type,
       'web' AS channel,
       'checkout' AS touchpoint,
       concat('rr-', visitor) AS customer_id,
       concat('rr-', visitor) AS anonymous_id,
       tx AS order_id,
       CAST(NULL AS STRING) AS product_id,
       CAST(count(*) AS INT) AS quantity,
       CAST(0 AS DECIMAL(18, 2)) AS amount,
       CAST(NULL AS STRING) AS page,
       min(_source_file) AS _source_file
FROM clicks
WHERE event = 'transaction'
GROUP BY visitor, tx
