# An entry point that is fine itself but imports a module of its own tree that
# dies at import.
import tensorflow as tf

from nets import net


def main(_):
  print('OUT', net.build())


if __name__ == '__main__':
  tf.app.run()
