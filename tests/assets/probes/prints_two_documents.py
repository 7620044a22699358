"""Misbehaving probe: two JSON documents on stdout."""
print('{"a": 1}')
print('{"b": 2}')
