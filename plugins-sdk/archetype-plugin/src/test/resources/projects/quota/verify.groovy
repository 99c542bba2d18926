// the generated quota project: only its own kind's files, a bundle with the plugin header, a DS component
// registering QuotaStrategy with switchboard.quota=tpm, and its Metatype
import java.util.jar.JarFile

def project = new File(basedir, 'project/acme-quota-tpm')

def sources = []
project.eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.endsWith('.java')) sources << it.name }
assert sources.sort() == ['TpmQuota.java', 'TpmQuotaConfig.java', 'TpmQuotaTest.java'].sort()

def jar = new JarFile(new File(project, 'target/acme-quota-tpm-1.0.0.jar'))
try {
    assert jar.manifest.mainAttributes.getValue('Switchboard-Plugin') == 'quota'
    def component = jar.getEntry('OSGI-INF/com.acme.switchboard.quota.tpm.internal.TpmQuota.xml')
    assert component != null
    def xml = jar.getInputStream(component).text
    assert xml.contains('interface="dev.switchboard.api.quota.QuotaStrategy"')
    assert xml.contains('name="switchboard.quota"') && xml.contains('value="tpm"')
    assert jar.getEntry('OSGI-INF/metatype/dev.switchboard.quota.tpm.xml') != null
} finally {
    jar.close()
}
assert new File(project, 'target/feature/feature.xml').text.contains('<feature name="switchboard-quota-tpm"')
assert new File(project, 'README.md').text.contains('\n## Configuration\n')
