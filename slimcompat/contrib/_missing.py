"""The contrib stand-ins made from the alias table's `OnCall` entries.

The table's vocabulary (`Refused`, `OnCall`, the missing-name and refused
errors) lives in `slimcompat._alias_entries`, next to the table; it is
re-exported here for the contrib modules.
"""

from slimcompat import _aliases
from slimcompat._alias_entries import OnCall
from slimcompat._alias_entries import Refused  # noqa: F401
from slimcompat._alias_entries import missing_name_error  # noqa: F401
from slimcompat._alias_entries import refused_error  # noqa: F401
from slimcompat._alias_entries import unsupported


def stand_in(legacy_name):
  """The NotImplementedError stand-in for the `OnCall` table entry
  `legacy_name` (e.g. ``'tensorflow.contrib.quantize.create_eval_graph'``)."""
  entry = _aliases.ALIASES[legacy_name]
  if not isinstance(entry, OnCall):
    raise KeyError('%s is not an OnCall entry of the alias table' % legacy_name)
  return unsupported(legacy_name, entry.hint)
