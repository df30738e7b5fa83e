"""Passing a public signature's arguments on without spelling them out again.

The TF1 layers API fixes long keyword lists twice per layer: in the class and
in its functional form, and each concrete class (``Conv2D``) repeats its
family's list.  Those signatures are API; their bodies need not repeat them.
Both helpers take the caller's ``locals()`` read on entry, when it holds
exactly the caller's parameters.
"""


def parent_arguments(arguments):
  """A constructor's parameters as keywords for its parent's constructor.

  `arguments` is the constructor's ``locals()`` on entry.  ``self`` and the
  ``__class__`` cell a bare ``super()`` adds are dropped; ``**kwargs`` is
  spread in.
  """
  forwarded = {key: value for key, value in arguments.items()
               if key not in ('self', '__class__', 'kwargs')}
  forwarded.update(arguments.get('kwargs', {}))
  return forwarded


def apply_layer(layer_class, arguments, call_arguments=()):
  """Makes a `layer_class` from a functional form's arguments and applies it.

  `arguments` is the function's ``locals()`` on entry.  ``inputs`` and the
  names in `call_arguments` (``training``) go to the call.  Where the function
  takes ``reuse``, the layer gets it as ``_reuse`` with ``name`` as its
  variable scope (``_scope``): a functional layer's variables live in the
  scope its name gives.  All other parameters are constructor keywords of the
  same name.
  """
  options = dict(arguments)
  inputs = options.pop('inputs')
  call = {key: options.pop(key) for key in call_arguments}
  if 'reuse' in options:
    options['_reuse'] = options.pop('reuse')
    options['_scope'] = options['name']
  return layer_class(**options)(inputs, **call)
