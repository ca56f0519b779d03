-- REES46 multi-category store log -> touchpoint events. Users are identified (user_id) and the
-- tracker names sessions (user_session). The export has no order ids: the purchase rows of one
-- user in one session at the same second form one order, named by the session and that second.
-- event_time is written "2019-10-01 00:00:00 UTC"; the mapping reads it as a UTC timestamp.
WITH rows AS (
  SELECT to_timestamp(substr(event_time, 1, 19)) AS t, event_type AS kind, product_id, category_code, brand,
         CAST(price AS DECIMAL(18, 2)) AS price, user_id, user_session, _source_file
  FROM source
)
SELECT concat('rees46-', user_session, '-', kind, '-', product_id, '-', unix_timestamp(t)) AS event_id,
       t AS event_time,
       CASE kind WHEN 'view' THEN 'page_view' WHEN 'cart' THEN 'add_to_cart' ELSE kind END AS event_type,
       'web' AS channel,
       'product_page' AS touchpoint,
       user_id AS customer_id,
       user_session AS session_id,
       CAST(NULL AS STRING) AS order_id,
       product_id,
       CASE WHEN kind = 'cart' THEN price END AS amount,
       coalesce(category_code, 'uncategorised') AS page,
       _source_file
FROM rows
WHERE kind <> 'purchase'
UNION ALL
SELECT concat('rees46-order-', user_session, '-', unix_timestamp(t)) AS event_id,
       t AS event_time,
       'purchase' AS event_type,
       'web' AS channel,
       'checkout' AS touchpoint,
       user_id AS customer_id,
       user_session AS session_id,
       concat(user_session, '-', unix_timestamp(t)) AS order_id,
       CAST(NULL AS STRING) AS product_id,
       CAST(sum(price) AS DECIMAL(18, 2)) AS amount,
       CAST(NULL AS STRING) AS page,
       min(_source_file) AS _source_file
FROM rows
WHERE kind = 'purchase'
GROUP BY user_id, user_session, t
