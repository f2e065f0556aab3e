# SPDX-License-Identifier: Apache-2.0
"""pytest finds the suites' shared paths module from here."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
