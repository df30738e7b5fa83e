"""The scan's checks against the installed TensorFlow and what slimcompat
serves (`slimcompat._scan._checks`, `_installed`), in-process."""

import importlib

import pytest

from slimcompat import _compat
from slimcompat._scan import _checks
from slimcompat._scan import _installed
from slimcompat._scan import _names

pytestmark = pytest.mark.usefixtures('no_served_legacy_python')


KERAS3 = _compat.TF_VERSION >= (2, 16)  # Keras 3 is the bundled Keras from TF 2.16 on


def use(name, context='import-time', call=False, import_=False, star=False):
  function = 'f' if context == 'call-time' else None
  return _names.Use(3, name, context, function, False, call, import_, star)


def check(name, installed=None, **kwargs):
  checker = _checks.Checker(installed or _installed.Installed())
  return checker.check('x.py', use(name, **kwargs))


def test_served_slim_names_are_fine():
  for name in ('tf_slim.conv2d', 'tensorflow.contrib.slim.arg_scope',
               'tensorflow.contrib.framework.arg_scope',
               'tensorflow.compat.v1.contrib.layers.xavier_initializer',
               'tensorflow.contrib.slim.python.slim.nets.resnet_v1.resnet_v1_50',
               'tensorflow.contrib.slim.python'):
    assert check(name) is None, name


def test_unserved_contrib_name_blocks_where_used():
  finding = check('tensorflow.contrib.grid_rnn.Grid2LSTMCell', call=True)
  assert finding.kind == 'not-served' and finding.blocking
  # The hint names the TF 2 replacement from slimcompat's contrib table.
  assert 'tf.compat.v1.nn.rnn_cell' in finding.hint
  guarded = check('tensorflow.contrib.grid_rnn', context='guarded')
  assert guarded.kind == 'not-served' and not guarded.blocking


def test_uses_contrib_status_when_slimcompat_has_one(monkeypatch):
  contrib = importlib.import_module('slimcompat.contrib')
  asked = []

  def status(name):
    asked.append(name)
    table = {'tensorflow.contrib.training.HParams': ('served', None),
             'tensorflow.contrib.quantize.create_training_graph':
                 ('unsupported-on-call', 'use tfmot.quantization'),
             'tensorflow.contrib.learn': ('refused', 'use tf.keras')}
    return table.get(name, ('unknown', None))

  monkeypatch.setattr(contrib, 'status', status, raising=False)
  installed = _installed.Installed()
  assert check('tensorflow.contrib.training.HParams', installed) is None
  refused = check('tensorflow.contrib.learn', installed, import_=True)
  assert (refused.kind, refused.hint) == ('not-served', 'use tf.keras')
  # Importing an unsupported name is fine; calling it is not.
  name = 'tensorflow.contrib.quantize.create_training_graph'
  assert check(name, installed, import_=True) is None
  called = check(name, installed, call=True)
  assert (called.kind, called.hint) == ('unsupported-on-call',
                                        'use tfmot.quantization')
  # 'unknown' falls back to slimcompat's own modules.
  assert check('tensorflow.contrib.slim.conv2d', installed) is None
  assert 'tensorflow.contrib.slim.conv2d' in asked
  assert check('tensorflow.contrib.grid_rnn.Grid1GRUCell', installed).kind == (
      'not-served')


def test_injected_status_without_slimcompat_one():
  installed = _installed.Installed(
      status=lambda name: ('refused', 'port it: ' + name))
  finding = check('tensorflow.contrib.slim.conv2d', installed)
  assert finding.hint == 'port it: tensorflow.contrib.slim.conv2d'


def test_fallback_reads_the_unsupported_marker(monkeypatch):
  layers = importlib.import_module('slimcompat.contrib.layers')

  def refuses(*args):
    raise NotImplementedError(args)

  refuses.__slimcompat_unsupported__ = 'port to tf.keras.layers.X'
  monkeypatch.setattr(layers, 'fake_refuser', refuses, raising=False)
  installed = _installed.Installed(status=False)
  name = 'tensorflow.contrib.layers.fake_refuser'
  assert check(name, installed) is None
  finding = check(name, installed, call=True)
  assert (finding.kind, finding.hint) == ('unsupported-on-call',
                                          'port to tf.keras.layers.X')


def test_star_names_that_slim_lacks_are_not_blamed_on_other_stars():
  checker = _checks.Checker(_installed.Installed())
  star = use('tf_slim.some_numpy_name', star=True)
  assert checker.check('x.py', star, other_stars=True) is None
  assert checker.check('x.py', star, other_stars=False).kind == 'not-served'


def test_needs_tf1_for_v1_only_names():
  finding = check('tensorflow.placeholder')
  assert finding.kind == 'needs-tf1' and not finding.blocking
  assert '--tf1' in finding.hint
  assert check('tensorflow.compat.v1.placeholder') is None
  assert check('tensorflow.constant') is None
  assert check('tensorflow.app.flags.FLAGS.batch_size') is not None


def test_tf_names_missing_everywhere():
  finding = check('tensorflow.compat.v1.no_such_thing')
  assert finding.kind == 'tf-missing' and finding.blocking
  assert _compat.tf2.__version__ in finding.hint
  assert check('tensorflow.no_such_thing').kind == 'tf-missing'


def test_estimator_depends_on_the_installed_tensorflow():
  finding = check('tensorflow.estimator.RunConfig', call=True)
  if KERAS3:
    assert finding.kind == 'tf-missing'
    assert 'removed in TensorFlow 2.16' in finding.hint
  else:
    assert finding is None  # tf.estimator is TF 2's own on <= 2.15


@pytest.mark.parametrize('served', [True, False])
def test_v1_layers(served):
  installed = _installed.Installed(v1_layers=served)
  for name in ('tensorflow.layers.dense', 'tensorflow.compat.v1.layers.conv2d',
               'tensorflow.nn.rnn_cell.LSTMCell',
               'tensorflow.compat.v1.nn.rnn_cell.MultiRNNCell'):
    finding = check(name, installed, call=True)
    if served:
      assert finding is None, name
    elif KERAS3:
      assert finding.kind == 'tf-missing' and 'tf_keras' in finding.hint, name
    else:
      assert finding is None or finding.kind == 'needs-tf1'


def test_contrib_rnn_is_served():
  for name in ('tensorflow.contrib.rnn.LSTMBlockCell',
               'tensorflow.contrib.rnn.stack_bidirectional_dynamic_rnn',
               'tensorflow.contrib.rnn.OutputProjectionWrapper'):
    assert check(name, call=True) is None, name
  finding = check('tensorflow.contrib.rnn.NASCell', call=True)
  assert finding.kind == 'unsupported-on-call' and 'RNNCell' in finding.hint


def test_private_tensorflow(monkeypatch):
  if _compat.TF_VERSION >= (2, 14):
    # Gone from TF 2.14 on; a parity test in this worker may have put it
    # back through the reference's repair table (tests/_repair.py).
    import sys  # pylint: disable=g-import-not-at-top
    monkeypatch.delattr(sys.modules['tensorflow.python.framework.ops'],
                        'Tensor', raising=False)
  gone = check('tensorflow.python.pywrap_tensorflow.NewCheckpointReader',
               call=True)
  assert gone.kind == 'private-tf' and gone.blocking
  assert 'tf.train.load_checkpoint' in gone.hint
  tensor = check('tensorflow.python.framework.ops.Tensor')
  assert tensor.kind == 'private-tf' and 'tf.Tensor' in tensor.hint
  assert tensor.blocking == (_compat.TF_VERSION >= (2, 14))
  present = check('tensorflow.python.ops.array_ops', import_=True)
  assert present.kind == 'private-tf' and not present.blocking


@pytest.mark.parametrize('name,fix', [
    ('builtins.xrange', 'range'), ('dict.iteritems', '.items()'),
    ('dict.itervalues', '.values()'), ('cPickle', 'pickle'),
    ('string.letters', 'ascii_letters'), ('scipy.misc.imread', 'imageio'),
    ('cPickle.load', 'pickle')])
def test_python2_idioms(name, fix):
  finding = check(name)
  assert finding.kind == 'python2' and finding.blocking
  assert fix in finding.hint


@pytest.mark.parametrize('source,kind', [
    (b'print "hello"\n', 'python2-syntax'),
    (b'x = 0777\n', 'python2-syntax'),
    (b'try:\n  pass\nexcept Exception, e:\n  pass\n', 'python2-syntax'),
    (b'def f(:\n  pass\n', 'syntax'),
    (b'x = "caf\xe9"\n', 'encoding'),
])
def test_unparseable_sources(tmp_path, source, kind):
  path = tmp_path / 'bad.py'
  path.write_bytes(source)
  reader, finding, _ = __import__('slimcompat._scan',
                                  fromlist=['_read'])._read(str(path))
  assert reader is None
  assert finding.kind == kind and finding.blocking
  assert finding.context == 'import-time' and finding.line >= 1


def test_quiet_keeps_descriptor_output_away(capfd):
  import os  # pylint: disable=import-outside-toplevel
  with _installed.quiet():
    os.write(1, b'noise on stdout\n')
    os.write(2, b'noise on stderr\n')
  os.write(1, b'report\n')
  out, err = capfd.readouterr()
  assert out == 'report\n' and err == ''


def test_named_modules_are_found_not_imported():
  import sys  # pylint: disable=import-outside-toplevel
  name = 'tensorflow.python.tools.freeze_graph'
  assert name not in sys.modules  # else this test proves nothing
  finding = check(name + '.freeze_graph', import_=True)
  assert finding.kind == 'private-tf' and not finding.blocking
  assert name not in sys.modules
  gone = check('tensorflow.python.tools.no_such_module', import_=True)
  assert gone.kind == 'private-tf' and gone.blocking


def test_unreadable_file_is_a_finding(tmp_path):
  from slimcompat import _scan  # pylint: disable=import-outside-toplevel
  (tmp_path / 'dangling.py').symlink_to(tmp_path / 'gone.py')
  (tmp_path / 'fine.py').write_text('x = 1\n')
  report = _scan.scan([str(tmp_path)])
  broken = report.verdicts[str(tmp_path / 'dangling.py')]
  assert broken.blocker.kind == 'unreadable'
  assert report.verdicts[str(tmp_path / 'fine.py')].status == 'runs'
