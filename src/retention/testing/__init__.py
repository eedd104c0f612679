"""Testing kit for hosts and for the library's own tests.

Import :mod:`retention.testing.strategies` for hypothesis strategies that generate
valid library inputs. Nothing here is imported by ``import retention``; hypothesis is
needed only when you import the strategies.
"""
