-- Public FCC complaints about Comcast (2015) -> contact events. A complaint is a support case
-- (the ticket) raised by an anonymous customer (no customer id in the export); it counts as
-- resolved when its status is Solved or Closed. Received via "Customer Care Call" -> phone;
-- "Internet" -> web (the FCC complaint form). Date is dd-mm-yyyy, time like "3.53.50 PM".
SELECT concat('comcast-', `Ticket #`) AS event_id,
       try_to_timestamp(concat(`Date`, ' ', `Time`), 'dd-MM-yyyy h.mm.ss a') AS event_time,
       'contact' AS event_type,
       CASE `Received Via` WHEN 'Customer Care Call' THEN 'phone' ELSE 'web' END AS channel,
       CASE `Received Via` WHEN 'Customer Care Call' THEN 'customer_care_call' ELSE 'fcc_complaint_form' END AS touchpoint,
       concat('comcast-complainant-', `Ticket #`) AS anonymous_id,
       `Ticket #` AS case_id,
       `Status` IN ('Solved', 'Closed') AS resolved,
       `Customer Complaint` AS reason,
       _source_file
FROM source
