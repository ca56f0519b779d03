-- Google Merchandise Store hits (Google Analytics sample) -> touchpoint events on the web.
-- A hit's time is the visit start (visitId, epoch seconds) plus `time` (milliseconds into the
-- visit); the visit is the tracker session. eCommerceAction_type: 3 add to cart, 4 remove from
-- cart, 5 checkout, 6 purchase (one per transaction, revenue in micro-units of currencyCode);
-- every other hit is a page view. Visitors are anonymous (fullVisitorId); a purchase also carries
-- the visitor as customer_id, so their earlier visits are stitched to them. The marketing channel
-- (channelGrouping: Organic Search, Direct, ...) is the touchpoint.
WITH hits AS (
  SELECT fullVisitorId AS visitor, visitId AS visit,
         timestamp_millis(CAST(visitId AS BIGINT) * 1000 + CAST(`time` AS BIGINT)) AS t,
         `time` AS offset_ms, type AS hit_type, eCommerceAction_type AS action,
         lower(regexp_replace(channelGrouping, '[^A-Za-z]+', '_')) AS acquisition,
         productSKU AS sku, pagePathLevel1 AS page, transactionId AS tx,
         -- transactionRevenue is empty on some purchase hits; the visit total carries the same amount.
         CAST(CAST(coalesce(transactionRevenue, totalTransactionRevenue) AS DECIMAL(24, 0)) / 1000000 AS DECIMAL(18, 2)) AS revenue,
         currencyCode AS currency, _source_file
  FROM source
)
SELECT concat('ga-', visitor, '-', visit, '-', offset_ms, '-', hit_type, '-', action, '-', coalesce(sku, '')) AS event_id,
       t AS event_time,
       CASE action WHEN '3' THEN 'add_to_cart' WHEN '4' THEN 'remove_from_cart' WHEN '5' THEN 'checkout'
                   ELSE 'page_view' END AS event_type,
       'web' AS channel,
       acquisition AS touchpoint,
       CAST(NULL AS STRING) AS customer_id,
       concat('ga-', visitor) AS anonymous_id,
       visit AS session_id,
       CAST(NULL AS STRING) AS order_id,
       sku AS product_id,
       CAST(NULL AS DECIMAL(18, 2)) AS amount,
       CAST(NULL AS STRING) AS currency,
       page,
       _source_file
FROM hits
WHERE action <> '6'
UNION ALL
SELECT concat('ga-order-', coalesce(tx, concat(visitor, '-', visit))) AS event_id,
       min(t) AS event_time,
       'purchase' AS event_type,
       'web' AS channel,
       min(acquisition) AS touchpoint,
       concat('ga-', visitor) AS customer_id,
       concat('ga-', visitor) AS anonymous_id,
       visit AS session_id,
       coalesce(tx, concat(visitor, '-', visit)) AS order_id,
       CAST(NULL AS STRING) AS product_id,
       max(revenue) AS amount,
       min(currency) AS currency,
       min(page) AS page,
       min(_source_file) AS _source_file
FROM hits
WHERE action = '6'
GROUP BY visitor, visit, tx
