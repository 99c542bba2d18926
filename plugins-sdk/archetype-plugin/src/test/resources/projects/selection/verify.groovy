// the generated selection project: only its own kind's files, a bundle with the plugin header, a DS component
// registering SelectionStrategy with switchboard.strategy=fastest, and its Metatype
import java.util.jar.JarFile

def project = new File(basedir, 'project/acme-selection-fastest')

def sources = []
project.eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.endsWith('.java')) sources << it.name }
assert sources.sort() == ['FastestSelection.java', 'FastestSelectionConfig.java', 'FastestSelectionTest.java'].sort()

def jar = new JarFile(new File(project, 'target/acme-selection-fastest-1.0.0.jar'))
try {
    assert jar.manifest.mainAttributes.getValue('Switchboard-Plugin') == 'selection'
    def component = jar.getEntry('OSGI-INF/com.acme.switchboard.selection.fastest.internal.FastestSelection.xml')
    assert component != null
    def xml = jar.getInputStream(component).text
    assert xml.contains('interface="dev.switchboard.api.selection.SelectionStrategy"')
    assert xml.contains('name="switchboard.strategy"') && xml.contains('value="fastest"')
    assert jar.getEntry('OSGI-INF/metatype/dev.switchboard.selection.fastest.xml') != null
} finally {
    jar.close()
}
assert new File(project, 'target/feature/feature.xml').text.contains('<feature name="switchboard-selection-fastest"')
assert new File(project, 'README.md').text.contains('\n## Configuration\n')
