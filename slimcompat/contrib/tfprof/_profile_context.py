"""`ProfileContext`: TF 1.x's session-profiling context, served disabled.

Scripts of that era wrap their training loop in
``ProfileContext(enabled=flag_set, profile_dir=...)`` unconditionally, so the
disabled context must work and change nothing.  Enabled, TF 1.x hooked every
``Session.run`` to trace chosen steps; public TensorFlow has no such hook,
so entering an enabled context raises NotImplementedError instead of
profiling silently less than asked.
"""

_ENABLED_HINT = (
    'ProfileContext(enabled=True) is not provided by slimcompat: it hooks '
    'Session.run, which public TensorFlow does not allow. Pass '
    'enabled=False, or trace a step yourself (session.run(..., '
    'options=tf.compat.v1.RunOptions(trace_level=tf.compat.v1.RunOptions.'
    'FULL_TRACE), run_metadata=run_meta)) and analyse it with '
    'tf.compat.v1.profiler.profile(graph, run_meta=run_meta).')


class ProfileContext:
  """Profiles the session runs inside it (TF 1.x); only disabled here.

  Args:
    profile_dir: where TF 1.x wrote profiles; kept, unused.
    trace_steps: steps TF 1.x traced; kept, unused.
    dump_steps: steps TF 1.x dumped; kept, unused.
    enabled: must be False for the context to be entered.
    debug: kept, unused.
  """

  def __init__(self, profile_dir, trace_steps=None, dump_steps=None,
               enabled=True, debug=False):
    self._profile_dir = profile_dir
    self._trace_steps = trace_steps
    self._dump_steps = dump_steps
    self._enabled = enabled
    self._debug = debug

  def __enter__(self):
    if self._enabled:
      raise NotImplementedError(_ENABLED_HINT)
    return self

  def __exit__(self, exc_type, exc_value, traceback):
    del exc_type, exc_value, traceback
    return False

  def add_auto_profiling(self, cmd, options, profile_steps):
    """Schedules automatic profiles in TF 1.x; nothing to do when disabled."""
    del cmd, options, profile_steps
    if self._enabled:
      raise NotImplementedError(_ENABLED_HINT)

  def get_profiles(self, cmd):
    """Profiles collected for `cmd`: none, as the context is disabled."""
    del cmd
    return []

  def trace_next_step(self):
    """Asks TF 1.x to trace the next step; nothing to do when disabled."""

  def dump_next_step(self):
    """Asks TF 1.x to dump the next step; nothing to do when disabled."""

  @property
  def profiler(self):
    """The underlying profiler: None, as nothing is profiled."""
    return None
