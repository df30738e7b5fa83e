"""What importing slimcompat loads (its import cost, as modules).

`bench/run.py --only import` times the imports; this test pins down the
reason they are cheap, without timing anything: in a fresh process,
``import slimcompat`` loads none of the heavy packages, importing a net
loads no TF1-layers module (slim's batch norm reaches that package only
when a batch norm is built), and building one then does load it (so the
deferred import is really used, not dead).
"""

import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_PROBE = textwrap.dedent(r'''
    import json, os, sys
    os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'
    import tensorflow

    def ours():
      return sorted(n for n in sys.modules if n.startswith('slimcompat'))

    stages = {}
    import slimcompat
    stages['slimcompat'] = ours()
    import slimcompat.nets.resnet_v1
    stages['resnet_v1'] = ours()
    tf = tensorflow.compat.v1
    with tf.Graph().as_default():
      slimcompat.batch_norm(tf.zeros([2, 4, 4, 3]))
    stages['batch_norm built'] = ours()
    print('STAGES ' + json.dumps(stages))
''')

_HEAVY = ('slimcompat.layers', 'slimcompat.nets', 'slimcompat.data',
          'slimcompat.training', 'slimcompat.losses', 'slimcompat.metrics',
          'slimcompat.v1_layers', 'slimcompat._bridge', 'slimcompat._scan')


def _stages():
  out = subprocess.run([sys.executable, '-c', _PROBE], cwd=ROOT,
                       capture_output=True, text=True, check=False)
  lines = [l for l in out.stdout.splitlines() if l.startswith('STAGES ')]
  assert lines, out.stderr[-3000:]
  return json.loads(lines[0][len('STAGES '):])


def _under(modules, package):
  return [m for m in modules if m == package or m.startswith(package + '.')]


def test_what_each_import_loads():
  stages = _stages()
  heavy = [m for p in _HEAVY for m in _under(stages['slimcompat'], p)]
  assert heavy == [], 'import slimcompat loaded %s' % heavy
  assert 'slimcompat.nets.resnet_v1' in stages['resnet_v1']
  assert _under(stages['resnet_v1'], 'slimcompat.v1_layers') == []
  # The first batch norm brings the shared normalization steps in.
  assert 'slimcompat.v1_layers._normalization' in stages['batch_norm built']
