"""Names that ``tf_slim`` re-exports at top level from its layers package.

slimcompat resolves them on first access (see ``slimcompat.__getattr__``) so
that ``import slimcompat`` does not build the layers package up front.
"""

LAYER_NAMES = frozenset("""
xavier_initializer xavier_initializer_conv2d variance_scaling_initializer
avg_pool2d avg_pool3d batch_norm bias_add conv1d conv2d conv3d conv2d_in_plane
conv2d_transpose conv3d_transpose convolution convolution1d convolution2d
convolution2d_in_plane convolution2d_transpose convolution3d
convolution3d_transpose dense_to_sparse dropout elu flatten fully_connected GDN
gdn images_to_sequence layer_norm linear pool max_pool2d max_pool3d
one_hot_encoding relu relu6 repeat scale_gradient separable_conv2d
separable_convolution2d sequence_to_images softmax spatial_softmax stack
unit_norm legacy_fully_connected legacy_linear legacy_relu maxout
group_norm instance_norm
l1_regularizer l2_regularizer l1_l2_regularizer sum_regularizer
apply_regularization
rev_block RevBlock recompute_grad
summarize_tensor summarize_activation summarize_tensors summarize_collection
summarize_variables summarize_weights summarize_biases summarize_activations
optimize_loss adaptive_clipping_fn OPTIMIZER_CLS_NAMES OPTIMIZER_SUMMARIES
bucketize
""".split())

# What ``from tf_slim.ops.variables import *`` puts at tf_slim's top level
# (``slimcompat.ops.variables.__all__``; tests/cli/test_cli_startup.py
# compares).
VARIABLE_NAMES = frozenset("""
add_model_variable assert_global_step assert_or_get_global_step
assign_from_checkpoint assign_from_checkpoint_fn assign_from_values
assign_from_values_fn create_global_step filter_variables get_global_step
get_or_create_global_step get_local_variables get_model_variables
get_trainable_variables get_unique_variable get_variables_by_name
get_variables_by_suffix get_variable_full_name get_variables_to_restore
get_variables global_variable local_variable model_variable variable
VariableDeviceChooser
""".split())
