# A tf.estimator user: tf.estimator exists up to TensorFlow 2.15 and is gone
# from 2.16 on, so this runs or dies at import depending on the TensorFlow.
import tensorflow as tf

session_config = tf.ConfigProto(allow_soft_placement=True)
run_config = tf.estimator.RunConfig(session_config=session_config)
print('OUT', type(run_config).__name__)
