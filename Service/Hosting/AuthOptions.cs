namespace Switchyard.Hosting;

/// <summary>The <c>Auth</c> section: the one basic-auth user.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}
