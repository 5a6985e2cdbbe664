"""course_nn: the companion package of the course "Neural Networks from Scratch".

A small NumPy neural-network library whose every piece is derived in a chapter of the book:
layers with forward and backward passes, losses, initializers, optimizers with the rules of
``torch.optim``, gradient checking, data sets and a training loop. Rows are samples.

>>> from course_nn import Sequential, Dense, ReLU, SoftmaxCrossEntropyLoss, Adam, train
"""

from . import (
    activations, datasets, gradcheck, initializers, layers, losses, model, optimizers, schedules,
    training,
)
from .activations import (
    elu, elu_derivative, identity, identity_derivative, leaky_relu, leaky_relu_derivative, relu,
    relu_derivative, sigmoid, sigmoid_derivative, softmax, tanh, tanh_derivative,
)
from .datasets import (
    load_digits, make_circles, make_moons, make_spirals, make_xor, minibatches, one_hot,
    standardize, train_test_split,
)
from .gradcheck import check_layer, check_model, numerical_gradient, relative_error
from .initializers import (
    constant, he_normal, he_uniform, normal, xavier_normal, xavier_uniform,
)
from .layers import (
    ELU, PReLU, BatchNorm, Dense, Dropout, LayerNorm, LeakyReLU, Layer, ReLU, Sigmoid, Tanh,
)
from .losses import BCELoss, BCEWithLogitsLoss, MSELoss, SoftmaxCrossEntropyLoss
from .model import Sequential
from .optimizers import SGD, AdaGrad, Adam, AdamW, Momentum, Nesterov, Optimizer, RMSProp
from .schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR
from .training import EarlyStopping, History, accuracy, train

__version__ = "0.1.0"
