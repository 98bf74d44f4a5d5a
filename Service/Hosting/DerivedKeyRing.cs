using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Switchyard.Hosting;

/// <summary>
/// The Data Protection key ring that seals the antiforgery tokens, derived (HKDF-SHA256) from the
/// basic-auth credentials every instance is given anyway. So a form served by one instance is
/// accepted by every other one and after a restart, with no key store to run. The key protects
/// nothing its holder could not get otherwise: whoever knows the credentials can ask for a valid
/// token. A new password means a new key; forms opened before it must be reloaded.
/// </summary>
internal sealed class DerivedKeyRing : IXmlRepository
{
    private static readonly DateTimeOffset Activation = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expiration = new(2126, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly XElement _key;

    public DerivedKeyRing(string username, string password)
    {
        var secret = Encoding.UTF8.GetBytes($"{username}:{password}");
        var salt = "switchyard antiforgery key ring"u8.ToArray();
        var masterKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 64, salt, "master key v1"u8.ToArray());
        var id = new Guid(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 16, salt, "key id v1"u8.ToArray()));
        var descriptor = new AuthenticatedEncryptorDescriptor(new AuthenticatedEncryptorConfiguration(), new Secret(masterKey)).ExportToXml();
        CryptographicOperations.ZeroMemory(masterKey);

        // The <key> element as XmlKeyManager writes it; the descriptor inside is the framework's own serialisation.
        _key = new XElement("key",
            new XAttribute("id", id.ToString("D", CultureInfo.InvariantCulture)),
            new XAttribute("version", 1),
            new XElement("creationDate", Activation.ToString("O", CultureInfo.InvariantCulture)),
            new XElement("activationDate", Activation.ToString("O", CultureInfo.InvariantCulture)),
            new XElement("expirationDate", Expiration.ToString("O", CultureInfo.InvariantCulture)),
            new XElement("descriptor",
                new XAttribute("deserializerType", descriptor.DeserializerType.AssemblyQualifiedName!),
                descriptor.SerializedDescriptorElement));
    }

    public IReadOnlyCollection<XElement> GetAllElements() => [new XElement(_key)];

    public void StoreElement(XElement element, string friendlyName) =>
        throw new InvalidOperationException("The antiforgery key ring is derived from the credentials; no key is generated or stored.");
}
