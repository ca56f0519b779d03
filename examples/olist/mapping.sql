-- Olist orders (the input) with lookups: payments (order value), customers (the person behind the
-- per-order customer_id) and reviews (review_score 1-5, answered by e-mail, as CSAT; and, as the
-- marketplace shows reviews to everyone, as a public review whose sentiment is its stars:
-- 1 star -1.0, 3 stars 0.0, 5 stars 1.0).
-- Timestamps are Brazilian local time without zone: see cx.conf.
WITH people AS (
  SELECT customer_id, customer_unique_id FROM customers
),
paid AS (
  SELECT order_id, CAST(sum(CAST(payment_value AS DECIMAL(18, 2))) AS DECIMAL(18, 2)) AS amount
  FROM payments GROUP BY order_id
),
orders AS (
  SELECT o.order_id, o.order_status, o.order_purchase_timestamp, p.customer_unique_id, o._source_file
  FROM source o LEFT JOIN people p ON p.customer_id = o.customer_id
),
reviewed AS (
  SELECT r.review_id, r.order_id, r.review_score, r.review_answer_timestamp, o.customer_unique_id, r._source_file
  FROM reviews r LEFT JOIN orders o ON o.order_id = r.order_id
)
SELECT concat('olist-order-', o.order_id) AS event_id,
       o.order_purchase_timestamp AS event_time,
       'purchase' AS event_type,
       'web' AS channel,
       'marketplace' AS touchpoint,
       o.customer_unique_id AS customer_id,
       o.order_id,
       paid.amount,
       'BRL' AS currency,
       CAST(NULL AS STRING) AS survey_type,
       CAST(NULL AS STRING) AS score,
       o.order_status AS reason,
       CAST(NULL AS STRING) AS engagement,
       CAST(NULL AS STRING) AS sentiment,
       o._source_file
FROM orders o LEFT JOIN paid ON paid.order_id = o.order_id
UNION ALL
SELECT concat('olist-review-', r.review_id, '-', r.order_id) AS event_id,
       r.review_answer_timestamp AS event_time,
       'survey' AS event_type,
       'email' AS channel,
       'review_request' AS touchpoint,
       r.customer_unique_id AS customer_id,
       r.order_id,
       CAST(NULL AS DECIMAL(18, 2)) AS amount,
       CAST(NULL AS STRING) AS currency,
       'csat' AS survey_type,
       r.review_score AS score,
       CAST(NULL AS STRING) AS reason,
       CAST(NULL AS STRING) AS engagement,
       CAST(NULL AS STRING) AS sentiment,
       r._source_file
FROM reviewed r
UNION ALL
SELECT concat('olist-public-review-', r.review_id, '-', r.order_id) AS event_id,
       r.review_answer_timestamp AS event_time,
       'social' AS event_type,
       'web' AS channel,
       'marketplace_reviews' AS touchpoint,
       r.customer_unique_id AS customer_id,
       r.order_id,
       CAST(NULL AS DECIMAL(18, 2)) AS amount,
       CAST(NULL AS STRING) AS currency,
       CAST(NULL AS STRING) AS survey_type,
       CAST(NULL AS STRING) AS score,
       CAST(NULL AS STRING) AS reason,
       'review' AS engagement,
       CAST((CAST(r.review_score AS DOUBLE) - 3) / 2 AS STRING) AS sentiment,
       r._source_file
FROM reviewed r
