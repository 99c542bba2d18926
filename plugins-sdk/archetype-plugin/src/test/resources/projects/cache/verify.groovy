// the generated cache project: only its own kind's files, a bundle with the plugin header, a DS component
// registering ResponseCache with switchboard.cache=lru, and its Metatype
import java.util.jar.JarFile

def project = new File(basedir, 'project/acme-cache-lru')

def sources = []
project.eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.endsWith('.java')) sources << it.name }
assert sources.sort() == ['LruCache.java', 'LruCacheConfig.java', 'LruCacheTest.java'].sort()

def jar = new JarFile(new File(project, 'target/acme-cache-lru-1.0.0.jar'))
try {
    assert jar.manifest.mainAttributes.getValue('Switchboard-Plugin') == 'cache'
    def component = jar.getEntry('OSGI-INF/com.acme.switchboard.cache.lru.internal.LruCache.xml')
    assert component != null
    def xml = jar.getInputStream(component).text
    assert xml.contains('interface="dev.switchboard.api.cache.ResponseCache"')
    assert xml.contains('name="switchboard.cache"') && xml.contains('value="lru"')
    assert jar.getEntry('OSGI-INF/metatype/dev.switchboard.cache.lru.xml') != null
} finally {
    jar.close()
}
assert new File(project, 'target/feature/feature.xml').text.contains('<feature name="switchboard-cache-lru"')
assert new File(project, 'README.md').text.contains('\n## Configuration\n')
