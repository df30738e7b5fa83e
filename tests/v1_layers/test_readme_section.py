"""The README's TF1 layers example runs as written and prints what its
comments say."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_readme_after_example_runs():
  with open(os.path.join(ROOT, 'docs', 'v1_layers.md'), encoding='utf-8') as handle:
    text = handle.read()
  section = text.split('## TF1 layers', 1)[1].split('\n## ', 1)[0]
  blocks = re.findall(r'```python\n(.*?)```', section, re.S)
  after = [b for b in blocks if 'slimcompat' in b][0]
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', PYTHONPATH=ROOT)
  result = subprocess.run([sys.executable, '-c', after], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300,
                          check=False)
  assert result.returncode == 0, result.stderr[-3000:]
  assert result.stdout.strip() == (
      "logits/BiasAdd ['conv2d/kernel', 'conv2d/bias', "
      "'batch_normalization/gamma', 'batch_normalization/beta', "
      "'logits/kernel', 'logits/bias']")
