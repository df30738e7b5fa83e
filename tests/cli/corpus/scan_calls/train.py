# Issue 25, pattern 1: the blocker sits in a method of another file, reached
# through an object (`Solver` keeps a `Network`), functools.partial and a
# decorator that hands back the function it wraps.
# expect: fails-when-called
import functools

import tensorflow as tf

import network
from solver import Solver


def main(_):
  solver = Solver(len(network.LAYERS))
  step = functools.partial(solver.train_model, 2)
  step()


if __name__ == '__main__':
  tf.app.run()
