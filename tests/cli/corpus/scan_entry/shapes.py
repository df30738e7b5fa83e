# A library module of pattern 6: its __main__ block is a self-test, not an
# entry point of the code base.
SIZES = [1, 2, 3]


def _self_test():
  assert sum(SIZES) == 6


if __name__ == '__main__':
  _self_test()
