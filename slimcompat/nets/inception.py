"""tf_slim.nets.inception: Inception v1, v2 and v3 in one namespace."""

from slimcompat.nets.inception_v1 import inception_v1
from slimcompat.nets.inception_v1 import inception_v1_arg_scope
from slimcompat.nets.inception_v1 import inception_v1_base
from slimcompat.nets.inception_v2 import inception_v2
from slimcompat.nets.inception_v2 import inception_v2_arg_scope
from slimcompat.nets.inception_v2 import inception_v2_base
from slimcompat.nets.inception_v3 import inception_v3
from slimcompat.nets.inception_v3 import inception_v3_arg_scope
from slimcompat.nets.inception_v3 import inception_v3_base
