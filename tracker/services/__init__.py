"""The domain rules. Every public function is keyword-only: `*, session, actor, now, ...`."""
