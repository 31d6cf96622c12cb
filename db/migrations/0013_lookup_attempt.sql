-- One attempt at the citizen lookup, counted and checked in one statement (api/public.ts, db/lookups.ts).
-- Concurrent attempts of one client address, and of one order, take their turn: each takes a transaction
-- lock on its client, then on its order (always in that order, so two attempts never wait on each other in
-- a cycle), and only then counts, so every attempt sees the wrong codes of all that went before, from any
-- API process. A wrong code is recorded before the lock is let go; a refused attempt is not evaluated.
-- Verdicts: 'right', 'wrong', 'client_limited' (this address, any order), 'order_locked' (this address on
-- this order, or this order from every address); `retry_at` says when a refused attempt may come again.
CREATE OR REPLACE FUNCTION lookup_attempt(
  p_order text,
  p_client text,
  p_right boolean,
  p_window_ms integer,
  p_per_client integer,
  p_per_client_on_order integer,
  p_per_order integer
) RETURNS TABLE (verdict text, retry_at timestamptz) AS $$
DECLARE
  v_window interval := make_interval(secs => p_window_ms / 1000.0);
  v_since timestamptz;
  n_client integer;
  n_client_order integer;
  n_order integer;
BEGIN
  PERFORM pg_advisory_xact_lock(12346, hashtext(p_client));
  PERFORM pg_advisory_xact_lock(12347, hashtext(p_order));
  -- After the locks: the window is measured from when this attempt's turn came.
  v_since := clock_timestamp() - v_window;
  SELECT count(*) FILTER (WHERE f.client = p_client),
         count(*) FILTER (WHERE f.client = p_client AND f.order_id = p_order),
         count(*) FILTER (WHERE f.order_id = p_order)
    INTO n_client, n_client_order, n_order
    FROM lookup_failures f
   WHERE f.at > v_since AND (f.client = p_client OR f.order_id = p_order);
  IF n_client >= p_per_client THEN
    RETURN QUERY SELECT 'client_limited'::text, min(f.at) + v_window
      FROM lookup_failures f WHERE f.client = p_client AND f.at > v_since;
  ELSIF n_client_order >= p_per_client_on_order THEN
    RETURN QUERY SELECT 'order_locked'::text, min(f.at) + v_window
      FROM lookup_failures f WHERE f.client = p_client AND f.order_id = p_order AND f.at > v_since;
  ELSIF n_order >= p_per_order THEN
    RETURN QUERY SELECT 'order_locked'::text, min(f.at) + v_window
      FROM lookup_failures f WHERE f.order_id = p_order AND f.at > v_since;
  ELSIF p_right THEN
    RETURN QUERY SELECT 'right'::text, NULL::timestamptz;
  ELSE
    INSERT INTO lookup_failures (order_id, client, at) VALUES (p_order, p_client, clock_timestamp());
    -- Nothing is kept longer than the window needs it. Rows another attempt is deleting are left to it
    -- (SKIP LOCKED): attempts never wait on each other here, so they cannot deadlock.
    DELETE FROM lookup_failures WHERE id IN (
      SELECT f.id FROM lookup_failures f WHERE f.at <= v_since ORDER BY f.at LIMIT 1000 FOR UPDATE SKIP LOCKED
    );
    RETURN QUERY SELECT 'wrong'::text, NULL::timestamptz;
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE;
