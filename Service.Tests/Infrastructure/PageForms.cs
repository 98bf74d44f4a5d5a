using System.Net;
using System.Text.RegularExpressions;

namespace Switchyard.Tests.Infrastructure;

/// <summary>Reads what the items page hands a browser for its forms: the antiforgery token in the HTML.</summary>
public static partial class PageForms
{
    public static string TokenIn(string html) => WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
