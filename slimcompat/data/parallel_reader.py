"""tf_slim.data.parallel_reader: queue-runner readers over many files.

Gathers `ParallelReader`, `parallel_read`, `single_pass_read` and
`get_data_files` from their files.
"""

from slimcompat.data._data_files import get_data_files
from slimcompat.data._parallel_reader_class import ParallelReader
from slimcompat.data._read_pipelines import parallel_read
from slimcompat.data._read_pipelines import single_pass_read
