# The training loop of pattern 1: calls into network.py through self.net.
import network


class Solver(object):

  def __init__(self, steps):
    self.steps = steps
    self.net = network.Network()

  def train_model(self, scale):
    for _ in range(self.steps * scale):
      self.net.summaries()
