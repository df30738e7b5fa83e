"""Shape-changing layers: flatten, images_to_sequence, sequence_to_images, dense_to_sparse, one_hot_encoding (to be written)."""

__all__ = []
