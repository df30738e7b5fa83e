"""The built wheel (issue 28): LICENSE and NOTICE in its metadata, the
console script, the demo script, and the Python it says it needs."""

import os
import shutil
import subprocess
import sys
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
_SOURCES = ('setup.py', 'setup.cfg', 'README.md', 'LICENSE', 'NOTICE')


def test_wheel_carries_license_notice_and_entry_points(tmp_path):
  source = tmp_path / 'src'
  source.mkdir()
  for name in _SOURCES:
    shutil.copy(os.path.join(REPO, name), source / name)
  shutil.copytree(os.path.join(REPO, 'slimcompat'), source / 'slimcompat',
                  ignore=shutil.ignore_patterns('__pycache__'))
  # Offline: the setuptools of this venv builds it, nothing is downloaded.
  subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps',
                  '--no-build-isolation', '--no-index', '-q', str(source),
                  '-w', str(tmp_path / 'out')],
                 check=True, capture_output=True, timeout=300)
  (wheel,) = (tmp_path / 'out').glob('slimcompat-*.whl')
  with zipfile.ZipFile(wheel) as archive:
    names = archive.namelist()
    info = next(n.split('/')[0] for n in names if '.dist-info/' in n)
    read = lambda name: archive.read('%s/%s' % (info, name)).decode()
    # Newer setuptools (PEP 639) file license files under dist-info/licenses/.
    licensed = lambda name: read(
        name if '%s/%s' % (info, name) in names else 'licenses/' + name)
    assert licensed('LICENSE') == open(os.path.join(REPO, 'LICENSE')).read()
    assert 'Apache License' in licensed('LICENSE')
    assert 'TF-Slim' in licensed('NOTICE')
    metadata = read('METADATA')
    entry_points = read('entry_points.txt')
  assert 'slimcompat/__main__.py' in names
  assert 'slimcompat/examples/legacy_train.py' in names
  assert 'Requires-Python: >=3.11' in metadata
  assert 'License :: OSI Approved :: Apache Software License' in metadata
  assert 'slimcompat = slimcompat.cli:main' in entry_points
