"""pandas_fit.py: the least-squares line with pandas.read_csv and
numpy.polyfit, the usual Python way. Prints "weight bias" with 17 digits.
Usage: python3 pandas_fit.py FILE.csv (first column x, last column y)."""
import sys

import numpy
import pandas

frame = pandas.read_csv(sys.argv[1])
weight, bias = numpy.polyfit(frame.iloc[:, 0].to_numpy(), frame.iloc[:, -1].to_numpy(), 1)
print(f"{weight:.17g} {bias:.17g}")
