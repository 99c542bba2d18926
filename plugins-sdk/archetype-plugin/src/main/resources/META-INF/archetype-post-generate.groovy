// Keeps the files of the kind asked for (-Dkind=cache|quota|selection) and removes the other two kinds'.
// The archetype ships all three so that one archetype serves every small SPI.
def kinds = [cache: 'Cache', quota: 'Quota', selection: 'Selection']
def kind = request.properties.getProperty('kind')
def pluginClass = request.properties.getProperty('pluginClass')
if (!kinds.containsKey(kind)) {
    throw new IllegalArgumentException("kind must be cache, quota or selection, was " + kind)
}
def projectDir = new File(request.outputDirectory, request.artifactId)
def others = kinds.findAll { it.key != kind }.values()
def unwanted = []
projectDir.eachFileRecurse(groovy.io.FileType.FILES) { file ->
    if (others.any { suffix -> file.name ==~ (pluginClass + suffix + '(Config|Test)?\\.java') }) {
        unwanted << file
    }
}
unwanted.each { it.delete() }
