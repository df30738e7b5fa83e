"""`slim.learning.train` on a real (loopback) TensorFlow cluster.

One parameter server and two workers, each a process with a
`tf.compat.v1.train.Server` on a free 127.0.0.1 port.  The workers build the
model under `replica_device_setter` and train with
``slim.learning.train(master=server.target, is_chief=task == 0)``: once with
plain asynchronous updates, once through a `SyncReplicasOptimizer` that
aggregates one gradient from each worker per step.  Checked: the variables
live on the ps (a separate client reads them from the ps server), the global
step advances, the chief writes checkpoints, and (asynchronous case) the
chief goes on training alone after the other worker is SIGKILLed.  Every
process is killed at the end of the test.
"""

import os

import numpy as np
import pytest

from slimcompat._compat import tf
from tests.training import _procs


def _cluster():
  ps, worker0, worker1 = _procs.free_ports(3)
  return {'ps': ['127.0.0.1:%d' % ps],
          'worker': ['127.0.0.1:%d' % worker0, '127.0.0.1:%d' % worker1]}


class _Cluster(object):
  """Starts and cleans up the processes of one test."""

  def __init__(self, workdir):
    self.workdir = workdir
    self.logdir = os.path.join(workdir, 'train')
    self.finish_path = os.path.join(workdir, 'finish')
    self.spec = _cluster()
    self.processes = {}

  def start_ps(self):
    self.processes['ps'] = _procs.start(_procs.ps_server, self.workdir, 'ps',
                                        self.spec)

  def start_worker(self, task, sync, number_of_steps, gate_path=None):
    name = 'worker%d' % task
    self.processes[name] = _procs.start(
        _procs.cluster_worker, self.workdir, name, self.spec, task,
        self.logdir, sync, number_of_steps, self.finish_path, gate_path)
    return self.processes[name]

  def events(self, name):
    return _procs.read_events(os.path.join(self.workdir, name + '.events'))

  def count(self, name, kind):
    return sum(1 for k, _ in self.events(name) if k == kind)

  def last(self, name, kind):
    values = [v for k, v in self.events(name) if k == kind]
    return values[-1] if values else None

  def logs(self):
    return '\n'.join('--- %s ---\n%s' % (name, _procs.log_text(self.workdir,
                                                                 name))
                     for name in sorted(self.processes))

  def wait(self, predicate, process):
    assert _procs.wait_for(predicate, process), self.logs()

  def probe(self):
    """(global step, weights) read from the ps server by a fresh client."""
    process = _procs.start(_procs.ps_probe, self.workdir, 'probe', self.spec)
    self.processes['probe'] = process
    process.join(60)
    assert process.exitcode == 0, self.logs()
    values = self.last('probe', 'probe')
    return values[0], np.float32(values[1:])

  def close(self):
    for process in self.processes.values():
      _procs.kill(process)


@pytest.fixture
def cluster(tmp_path):
  procs = _Cluster(str(tmp_path))
  try:
    yield procs
  finally:
    procs.close()


def _checkpointed_step(logdir):
  path = tf.train.latest_checkpoint(logdir)
  assert path is not None, 'the chief wrote no checkpoint'
  return int(tf.train.load_variable(path, 'global_step'))


def test_async_training_survives_killing_the_other_worker(cluster):
  cluster.start_ps()
  chief = cluster.start_worker(0, sync=False, number_of_steps=None)
  # A non-chief polls for a ready model only every 30 s (the Supervisor's
  # recovery wait), so it is started once the chief has initialised it.
  cluster.wait(lambda: cluster.count('worker0', 'resume'), chief)
  other = cluster.start_worker(1, sync=False, number_of_steps=None)
  cluster.wait(lambda: cluster.count('worker1', 'step') >= 5, other)

  _procs.kill(other)
  at_kill = cluster.last('worker0', 'step')[0]
  # The chief has to train 40 more steps on its own, then stops and saves.
  with open(cluster.finish_path, 'w') as finish_file:
    finish_file.write('%d\n' % (at_kill + 40))
  chief.join(120)
  assert chief.exitcode == 0, cluster.logs()

  assert cluster.last('worker0', 'device') == [1.0]
  assert cluster.last('worker1', 'device') == [1.0]
  final_step = cluster.last('worker0', 'step')[0]
  assert final_step >= at_kill + 40
  # Both workers moved the shared global step: each recorded a value that
  # the other's own steps cannot explain.
  worker1_steps = [v[0] for k, v in cluster.events('worker1') if k == 'step']
  assert cluster.count('worker0', 'step') < final_step
  assert len(worker1_steps) >= 5
  # The chief's checkpoint and the ps hold the same final model.
  assert _checkpointed_step(cluster.logdir) == final_step
  assert os.path.basename(tf.train.latest_checkpoint(cluster.logdir)) == (
      'model.ckpt-%d' % final_step)
  ps_step, ps_weights = cluster.probe()
  assert ps_step == final_step
  np.testing.assert_array_equal(
      ps_weights,
      tf.train.load_variable(tf.train.latest_checkpoint(cluster.logdir),
                             'weights').ravel())


def _newest_checkpoint_step(logdir):
  path = tf.train.latest_checkpoint(logdir)
  if path is None:
    return None
  try:
    return int(tf.train.load_variable(path, 'global_step'))
  except (tf.errors.NotFoundError, ValueError):
    return None  # rotated away between the two reads


def test_sync_replicas_training(cluster):
  steps = 15
  cluster.start_ps()
  # The initial tokens would let the chief aggregate its own gradients, so
  # it holds its first step until the other replica has its session.
  gate = os.path.join(cluster.workdir, 'both_ready')
  chief = cluster.start_worker(0, sync=True, number_of_steps=steps,
                               gate_path=gate)
  cluster.wait(lambda: cluster.count('worker0', 'resume'), chief)
  other = cluster.start_worker(1, sync=True, number_of_steps=steps)
  cluster.wait(lambda: cluster.count('worker1', 'resume'), other)
  open(gate, 'w').close()

  def trained():
    last = cluster.last('worker0', 'step')
    saved = _newest_checkpoint_step(cluster.logdir)
    return last is not None and last[0] >= steps and (saved or 0) >= steps

  # The chief reaches `steps` and checkpoints it.  (It is not waited for
  # beyond that: when the chief stops, the token queue closes, the other
  # replica stops too, and the chief's queue runner waits for gradients that
  # never come -- as with tf-slim, `Supervisor.stop` then gives it two minutes
  # and raises unless ignore_live_threads=True.)
  cluster.wait(trained, chief)

  assert cluster.last('worker0', 'device') == [1.0]
  assert cluster.last('worker1', 'device') == [1.0]
  checkpointed = _newest_checkpoint_step(cluster.logdir)
  assert checkpointed >= steps
  assert any(f.startswith('events.out.tfevents')
             for f in os.listdir(cluster.logdir))
  # Each global step aggregated a gradient from each of the two replicas,
  # so together they ran at least two train ops per global step.
  runs = cluster.count('worker0', 'step') + cluster.count('worker1', 'step')
  assert cluster.count('worker1', 'step') >= 1
  assert runs >= 2 * (steps - 1)
  ps_step, _ = cluster.probe()
  assert ps_step >= checkpointed
