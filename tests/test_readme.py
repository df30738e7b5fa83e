"""The README's example runs as written and does what it says."""

import os
import re
import subprocess
import sys

README = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'README.md')


def test_readme_example_runs_and_places_variables():
  text = open(README, encoding='utf-8').read()
  blocks = re.findall(r'```python\n(.*?)```', text, re.S)
  assert blocks, 'README has no python example'
  check = (
      "\nassert [v.op.name for v in slim.get_model_variables()] == "
      "['model/weights']\n"
      "assert [v.op.name for v in slim.get_variables()] == "
      "['weights', 'model/weights']\n"
      "assert slim.get_variables()[0].device == '/device:CPU:0'\n"
      "assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 1\n"
      "print('README OK')\n")
  result = subprocess.run([sys.executable, '-c', blocks[0] + check],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2'),
                          check=False)
  assert 'README OK' in result.stdout, result.stderr[-3000:]


ROOT = os.path.dirname(README)

# Every python block of the README and the pages it moved to, and the test
# that runs it.
_RUN_BY = {
    'README.md': ['tests/test_readme.py'],
    'docs/tf2.md': ['tests/bridge/test_readme_tf2.py'],
    'docs/v1_layers.md': ['tests/v1_layers/test_readme_section.py'],
    'docs/contrib.md': [],
    'docs/parity.md': [],
    'docs/speed.md': [],
    'docs/tf2_keras.md': ['tests/bridge/test_docs_tf2_keras.py'],
}


def _read(path):
  with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
    return handle.read()


def test_readme_is_read_in_five_minutes():
  assert len(_read('README.md').splitlines()) <= 250


def test_readme_and_its_pages_link_only_to_files_that_exist():
  for page in _RUN_BY:
    folder = os.path.dirname(page)
    for target in re.findall(r'\]\(([^)#:]+)(?:#[^)]*)?\)', _read(page)):
      path = os.path.normpath(os.path.join(folder, target))
      assert os.path.exists(os.path.join(ROOT, path)), (page, target)


def test_every_python_block_is_run_by_a_test():
  for page, runners in _RUN_BY.items():
    blocks = re.findall(r'```python\n', _read(page))
    # A page's blocks are run by the tests listed for it (one test may run
    # several blocks of its page); a page without blocks lists none.
    assert bool(blocks) == bool(runners), (page, len(blocks))
    for runner in runners:
      # The runner reads this very page.
      name = os.path.basename(page)
      assert repr(name) in _read(runner) or repr(
          os.path.splitext(name)[0]) in _read(runner), (page, runner)
