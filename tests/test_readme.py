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
