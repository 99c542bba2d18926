// the generated provider project: its README keeps its headings (Velocity would read "##" as a comment)
def project = new File(basedir, 'project/acme-provider')
def readme = new File(project, 'README.md').text
assert readme.contains('\n## Build\n') && readme.contains('\n## Configuration\n')
assert new File(project, 'target/acme-provider-1.0.0.jar').isFile()
