"""The Sequential model: layers applied one after the other (chapters 1 and 2)."""

import numpy as np

from .layers import Dense, Layer


class Sequential:
    """A network as a list of layers; forward runs them in order, backward in reverse.

    Parameters
    ----------
    layers : list of Layer

    Examples
    --------
    >>> from course_nn import Sequential, Dense, Sigmoid
    >>> model = Sequential([Dense(3, 4, rng=0), Sigmoid(), Dense(4, 1, rng=1), Sigmoid()])
    >>> model.forward(np.zeros((5, 3))).shape
    (5, 1)

    See chapters 1 and 2.
    """

    def __init__(self, layers):
        if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
            raise TypeError(f"layers must be a list of layers, got {layers!r}: write "
                            "Sequential([layer, ...]), with square brackets")
        self.layers = list(layers)
        for index, layer in enumerate(self.layers):
            if isinstance(layer, type) and issubclass(layer, Layer):
                raise TypeError(f"layers[{index}] is the class {layer.__name__}, not a layer: "
                                f"create one with (), such as {layer.__name__}()")
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{index}] must be a Layer, got {layer!r}")

    def __repr__(self):
        inner = ",\n".join(f"    {layer!r}" for layer in self.layers)
        return f"Sequential([\n{inner}\n])"

    def forward(self, X, training=False):
        """Output of the network for a batch ``X`` of shape (m, n_0)."""
        out = X
        for layer in self.layers:
            out = layer.forward(out, training=training)
        return out

    def backward(self, grad, input_grad=True):
        """Backpropagate dL/d(output) through every layer; returns dL/dX, shape (m, n_0).

        Training needs the gradients of the parameters only: with ``input_grad=False`` a first
        layer that is a ``Dense`` skips dL/dX, one matrix product per step, and returns None.
        """
        for index, layer in reversed(list(enumerate(self.layers))):
            if index == 0 and not input_grad and type(layer) is Dense:  # not a subclass's backward
                return layer.backward(grad, input_grad=False)
            grad = layer.backward(grad)
        return grad

    def params(self):
        """All parameters in a flat dict keyed ``"<layer index>.<name>"``: the layers' own arrays."""
        return {f"{i}.{name}": value
                for i, layer in enumerate(self.layers) for name, value in layer.params.items()}

    def grads(self):
        """All gradients of the last backward pass, keyed like ``params()``."""
        return {f"{i}.{name}": value
                for i, layer in enumerate(self.layers) for name, value in layer.grads.items()}

    def predict(self, X):
        """The network's output in evaluation mode (BatchNorm uses its running statistics).

        Parameters
        ----------
        X : ndarray, shape (m, n_0)

        Returns
        -------
        ndarray, shape (m, n_L)
        """
        return self.forward(np.asarray(X), training=False)
