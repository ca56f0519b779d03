-- One day of an Israeli bank's call centre (Technion "Anonymous Bank", 1999) -> contact events.
-- The export has times of day but no date and no customer: every call is dated 1999-01-01 (a
-- stand-in: the real day is not published) and is its own anonymous caller and its own case.
-- How a call counts:
--   AGENT   answered: wait_seconds = time in queue (the response time), handle_seconds = service time.
--   HANG    hung up, in the queue (q_time > 0: abandoned, never answered) or in the voice menu
--           (q_time = 0); no response time and no handling, so it does not enter the averages;
--           reason says which.
--   PHANTOM a call the switch logged without a caller; kept, reason 'phantom'.
-- The export does not say whether a call solved the caller's problem: resolved is left empty.
-- call_id repeats across the voice-response lines (different calls hours apart): the line is part of the id.
SELECT concat('technion-', `vru+line`, '-', call_id) AS event_id,
       concat('1999-01-01 ', lpad(vru_entry, 8, '0')) AS event_time,
       'contact' AS event_type,
       'phone' AS channel,
       CASE WHEN outcome = 'AGENT' THEN 'call_center'
            WHEN outcome = 'HANG' AND CAST(q_time AS INT) > 0 THEN 'call_center_queue'
            ELSE 'ivr' END AS touchpoint,
       concat('technion-caller-', `vru+line`, '-', call_id) AS anonymous_id,
       CASE WHEN outcome = 'AGENT' THEN q_time END AS wait_seconds,
       CASE WHEN outcome = 'AGENT' THEN ser_time END AS handle_seconds,
       CASE WHEN outcome = 'AGENT' THEN concat('answered_', type)
            WHEN outcome = 'HANG' AND CAST(q_time AS INT) > 0 THEN 'abandoned_in_queue'
            WHEN outcome = 'HANG' THEN 'ended_in_voice_menu'
            ELSE 'phantom' END AS reason,
       _source_file
FROM source
