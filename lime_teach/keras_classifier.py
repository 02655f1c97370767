"""A Keras model behind the course's classifier contract (chapter 01; the Clever Hans CNN: 09).

Keras (and TensorFlow) is imported only when a batch is predicted, so ``import lime_teach`` stays light.
"""

import numpy as np

from .classifier import Classifier, imagenet_labels


class KerasClassifier(Classifier):
    """A Keras image model with the course's contract.

    model: a Keras model mapping (n, height, width, 3) float32 arrays to
        (n, num_classes) probabilities or logits.
    preprocess: function of a float32 array (n, height, width, 3) with pixels
        on the 0..255 scale, returning the model's input (e.g.
        ``keras.applications.xception.preprocess_input``). None passes pixels unchanged.
    labels: class names; None means the ImageNet classes when the model has
        1000 outputs, else "0", "1", ...
    input_size: (height, width); None reads it from ``model.input_shape``.

    Outputs go through ``to_probabilities``: a model ending in a softmax
    keeps its probabilities, a model ending in logits gets a softmax.
    """

    def __init__(self, model, labels=None, preprocess=None, input_size=None, name=None, batch_size=32):
        if input_size is None:
            height, width = model.input_shape[1:3]
            if height is None or width is None:
                raise ValueError(f"input_size must be given (height, width) for a model that accepts any size, "
                                 f"got None and the model's input shape {model.input_shape}")
            input_size = (height, width)
        if labels is None:
            num_classes = model.output_shape[-1]
            labels = imagenet_labels() if num_classes == 1000 else [str(i) for i in range(num_classes)]
        self.model = model
        self.preprocess = preprocess
        super().__init__(name or model.name, labels, input_size, batch_size)

    def predict_batch(self, batch):
        import keras

        x = batch.astype(np.float32)
        if x.shape[1:3] != self.input_size:
            x = keras.ops.convert_to_numpy(
                keras.ops.image.resize(x, self.input_size, interpolation="bilinear", antialias=True))
        if self.preprocess is not None:
            x = self.preprocess(x)
        return keras.ops.convert_to_numpy(self.model(x, training=False))
