"""Per-file and entry-point verdicts of `slimcompat._scan.scan` on small trees
written to a temporary directory, in-process."""

import os
import textwrap

import pytest

from slimcompat import _scan
from slimcompat._scan import _installed
from slimcompat._scan import _report

pytestmark = pytest.mark.usefixtures('no_served_legacy_python')

BAD_IMPORT = 'from tensorflow.contrib import learn\n'


def tree(tmp_path, files):
  for name, source in files.items():
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
  return _scan.scan([str(tmp_path)])


def verdict(report, tmp_path, name):
  return report.verdicts[str(tmp_path / name)]


def test_entry_point_fails_through_its_transitive_imports(tmp_path):
  report = tree(tmp_path, {
      'train.py': '''\
          import os
          from nets import factory
          if __name__ == '__main__':
            factory.build()
          ''',
      'nets/__init__.py': '',
      'nets/factory.py': 'import os\nfrom nets import nasnet\n',
      'nets/nasnet.py': 'import os\n\n' + BAD_IMPORT,
  })
  found = verdict(report, tmp_path, 'train.py')
  assert found.status == 'fails-at-import'
  assert found.blocker.file == str(tmp_path / 'nets/nasnet.py')
  assert found.blocker.line == 3
  assert found.via == ['%s:2' % (tmp_path / 'train.py'),
                       '%s:2' % (tmp_path / 'nets/factory.py')]
  assert 'nets/nasnet.py:3' in found.text and 'via' in found.text
  assert [r.path for r in report.results if r.entry_point] == [
      str(tmp_path / 'train.py')]


def test_relative_imports_are_followed(tmp_path):
  report = tree(tmp_path, {
      'pkg/__init__.py': 'from . import model\n',
      'pkg/model.py': 'from .layers import conv\n',
      'pkg/layers.py': BAD_IMPORT,
  })
  assert verdict(report, tmp_path, 'pkg/__init__.py').status == (
      'fails-at-import')
  assert verdict(report, tmp_path, 'pkg/model.py').status == 'fails-at-import'


def test_guarded_or_deferred_imports_do_not_fail_the_importer(tmp_path):
  report = tree(tmp_path, {
      'a.py': 'try:\n  import bad\nexcept ImportError:\n  bad = None\n',
      'b.py': 'def load():\n  import bad\n  return bad\n',
      'bad.py': BAD_IMPORT,
  })
  assert verdict(report, tmp_path, 'a.py').status == 'runs'
  b = verdict(report, tmp_path, 'b.py')
  assert b.status == 'runs'  # the function is never called here
  assert verdict(report, tmp_path, 'bad.py').status == 'fails-at-import'


def test_import_cycles_end(tmp_path):
  report = tree(tmp_path, {'a.py': 'import b\n', 'b.py': 'import a\n'})
  assert verdict(report, tmp_path, 'a.py').status == 'runs'


def test_call_time_verdicts_know_what_the_script_calls(tmp_path):
  report = tree(tmp_path, {
      'run.py': '''\
          import tensorflow.compat.v1 as tf

          def loop(n):
            for _ in xrange(n):
              pass

          def main(_):
            loop(3)

          def unused():
            return tf.contrib.grid_rnn.Grid2LSTMCell(3)

          if __name__ == '__main__':
            tf.app.run()
          ''',
      'lib.py': '''\
          import tensorflow.compat.v1 as tf

          def unused():
            return tf.contrib.grid_rnn.Grid2LSTMCell(3)
          ''',
  })
  run = verdict(report, tmp_path, 'run.py')
  assert (run.status, run.function, run.reached) == (
      'fails-when-called', 'loop', True)
  assert run.blocker.name == 'builtins.xrange' and run.blocker.line == 4
  lib = verdict(report, tmp_path, 'lib.py')
  assert (lib.status, lib.function, lib.reached) == (
      'fails-when-called', 'unused', False)


def test_main_block_counts_only_when_run_as_a_script(tmp_path):
  report = tree(tmp_path, {
      'tool.py': 'if __name__ == "__main__":\n  ' + BAD_IMPORT,
      'user.py': 'import tool\n',
  })
  assert verdict(report, tmp_path, 'tool.py').status == 'fails-at-import'
  assert verdict(report, tmp_path, 'user.py').status == 'runs'


def test_a_python2_file_does_not_stop_the_scan(tmp_path):
  report = tree(tmp_path, {
      'a_old.py': 'print "hello"\n',
      'b_new.py': 'import tf_slim as slim\nslim.conv2d\n',
      'c_latin1.py': '',
  })
  (tmp_path / 'c_latin1.py').write_bytes(b'name = "caf\xe9"\n')
  report = _scan.scan([str(tmp_path)])
  old = verdict(report, tmp_path, 'a_old.py')
  assert old.status == 'fails-at-import'
  assert old.blocker.kind == 'python2-syntax' and old.blocker.line == 1
  assert "Missing parentheses in call to 'print'" in old.blocker.name
  assert verdict(report, tmp_path, 'b_new.py').status == 'runs'
  assert verdict(report, tmp_path, 'c_latin1.py').blocker.kind == 'encoding'
  assert _report.blocked(report)


def test_needs_tf1_spreads_to_importers(tmp_path):
  report = tree(tmp_path, {
      'main.py': 'import helper\nif __name__ == "__main__":\n  pass\n',
      'helper.py': 'import tensorflow as tf\nx = tf.placeholder\n',
      'alone.py': 'import tensorflow as tf\nx = tf.constant\n',
  })
  assert report.needs_tf1[str(tmp_path / 'main.py')]
  assert not report.needs_tf1[str(tmp_path / 'alone.py')]


def test_tensorflow_is_not_imported_when_no_name_needs_it(tmp_path):
  (tmp_path / 'plain.py').write_text('import os\nfor i in xrange(3):\n  pass\n')
  installed = _installed.Installed()
  report = _scan.scan([str(tmp_path)], installed=installed)
  assert not installed.loaded and report.tf_version is None
  assert verdict(report, tmp_path, 'plain.py').blocker.name == (
      'builtins.xrange')


def test_same_module_name_elsewhere_is_not_confused(tmp_path):
  report = tree(tmp_path, {
      'one/utils.py': BAD_IMPORT,
      'two/main.py': 'import utils\n',
  })
  # two/ cannot import one/utils.py: sys.path holds two/, not one/.
  assert verdict(report, tmp_path, 'two/main.py').status == 'runs'
  assert os.path.exists(tmp_path / 'one/utils.py')


def test_a_blocker_under_a_condition_may_fail(tmp_path):
  report = tree(tmp_path, {
      'flagged.py': '''\
          import sys

          def main():
            if '--py2' in sys.argv:
              for _ in xrange(3):
                pass

          if __name__ == '__main__':
            main()
          ''',
      'both.py': '''\
          def main(fast):
            steps = xrange(3) if fast else range(3)
            for _ in xrange(3):
              pass
          ''',
  })
  flagged = verdict(report, tmp_path, 'flagged.py')
  assert (flagged.status, flagged.function, flagged.reached) == (
      'may-fail-when-called', 'main', True)
  assert flagged.blocker.line == 5
  assert flagged.blocker.condition == "if '--py2' in sys.argv"
  assert flagged.text.startswith(
      "may fail when main is called (under `if '--py2' in sys.argv`): "
      'xrange (python2) at ')
  # A blocker outside any branch is certain, and wins over an earlier one.
  both = verdict(report, tmp_path, 'both.py')
  assert (both.status, both.blocker.line) == ('fails-when-called', 3)
  assert _report.blocked(report)  # 'may fail' makes the exit status 1
  summary = _report._summary(report)
  assert summary['may_fail_when_called'] == 1
  assert summary['fails_when_called'] == 1
  assert summary['blockers'] == {'python2': 1}
  assert summary['possible_blockers'] == {'python2': 2}


def test_getattr_with_a_default_does_not_fail_the_import(tmp_path):
  report = tree(tmp_path, {
      'fallback.py': '''\
          import tensorflow as tf
          signal = getattr(tf.contrib, 'signal', None) or tf.signal
          ''',
      'plain.py': '''\
          import tensorflow as tf
          signal = getattr(tf.contrib, 'signal')
          ''',
  })
  assert verdict(report, tmp_path, 'fallback.py').status == 'runs'
  plain = verdict(report, tmp_path, 'plain.py')
  assert plain.status == 'fails-at-import'
  assert plain.blocker.name == 'tensorflow.contrib.signal'
