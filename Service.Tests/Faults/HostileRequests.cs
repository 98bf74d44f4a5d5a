using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Switchyard.Tests.Faults;

/// <summary>
/// One hostile request. <see cref="Http"/> builds it for HttpClient; <see cref="Raw"/> is the
/// exact bytes for what HttpClient refuses to send (broken framing, invalid bytes in the request
/// line or headers, limits). <see cref="ProtocolLevel"/> marks requests Kestrel rejects before
/// any middleware runs: it answers those itself with an empty body, so they cannot be ProblemDetails.
/// <see cref="HalfClose"/> ends the client's side after sending: a client that hangs up mid-body may get no answer.
/// </summary>
internal sealed record HostileCase(string Name, Func<HttpRequestMessage>? Http = null, byte[]? Raw = null, bool ProtocolLevel = false, bool HalfClose = false)
{
    public override string ToString() => Name;
}

/// <summary>What came back for a hostile request; <see cref="Status"/> 0 means no response at all.</summary>
internal sealed record HostileOutcome(HostileCase Case, int Status, string? ContentType, long BodyLength)
{
    public bool IsProblem => string.Equals(ContentType?.Split(';')[0].Trim(), FaultHttp.ProblemJson, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Case.Name}: {Status} {ContentType} ({BodyLength} bytes)";
}

/// <summary>The generated hostile requests, by family.</summary>
internal static class HostileRequests
{
    private const int MaxBody = 64 * 1024;

    public static IEnumerable<HostileCase> All(string existingId, string credentials, string password)
    {
        var writeTargets = new (string Label, HttpMethod Method, string Path)[]
        {
            ("POST", HttpMethod.Post, "/api/items"),
            ("PUT", HttpMethod.Put, $"/api/items/{existingId}"),
        };

        foreach (var (label, method, path) in writeTargets)
        {
            foreach (var (name, body) in BadBodies())
            {
                yield return new HostileCase($"{label} body {name}", () => Request(method, path, credentials, new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }));
            }

            foreach (var contentType in BadContentTypes())
            {
                yield return new HostileCase($"{label} Content-Type '{contentType ?? "(none)"}'", () =>
                {
                    var content = new ByteArrayContent("{\"name\":\"typed\"}"u8.ToArray());
                    if (contentType is not null)
                    {
                        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                    }

                    return Request(method, path, credentials, content);
                });
            }

            yield return new HostileCase($"{label} body over the limit, chunked", () => Request(method, path, credentials,
                new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(BigJson(MaxBody + 4096))))
                { Headers = { ContentType = new("application/json") } }));
        }

        foreach (var id in BadIds())
        {
            var path = $"/api/items/{id}";

            // Kestrel itself refuses a path that decodes to a NUL character.
            var protocolLevel = id == "%00";
            yield return new HostileCase($"GET id '{Short(id)}'", () => Request(HttpMethod.Get, path, credentials), ProtocolLevel: protocolLevel);
            yield return new HostileCase($"PUT id '{Short(id)}'", () => Request(HttpMethod.Put, path, credentials, FaultHttp.Json("{\"name\":\"by id\"}")), ProtocolLevel: protocolLevel);
            yield return new HostileCase($"DELETE id '{Short(id)}'", () => Request(HttpMethod.Delete, path, credentials), ProtocolLevel: protocolLevel);
        }

        foreach (var query in BadQueries())
        {
            yield return new HostileCase($"GET /api/items?{Short(query)}", () => Request(HttpMethod.Get, $"/api/items?{query}", credentials));
            if (query.StartsWith("cursor=", StringComparison.Ordinal))
            {
                // The page takes only a cursor; it has no page size to abuse.
                yield return new HostileCase($"GET /?{Short(query)}", () => Request(HttpMethod.Get, $"/?{query}", credentials));
            }
        }

        foreach (var (name, value) in BadIfMatch())
        {
            yield return new HostileCase($"PUT If-Match {name}", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/items/{existingId}") { Content = FaultHttp.Json("{\"name\":\"if-match\"}") };
                request.Headers.TryAddWithoutValidation("Authorization", credentials);
                request.Headers.TryAddWithoutValidation("If-Match", value);
                return request;
            });
        }

        foreach (var (name, authorization) in BadAuthorizations(password))
        {
            yield return new HostileCase($"POST Authorization {name}", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/items") { Content = FaultHttp.Json("{\"name\":\"unauthorized\"}") };
                foreach (var value in authorization)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", value);
                }

                return request;
            });
        }

        foreach (var method in new[] { "PATCH", "TRACE", "OPTIONS", "PROPFIND" })
        {
            yield return new HostileCase($"{method} /api/items", () => Request(new HttpMethod(method), "/api/items", credentials, FaultHttp.Json("{\"name\":\"x\"}")));
        }

        foreach (var raw in RawCases(credentials))
        {
            yield return raw;
        }
    }

    public static async Task<HostileOutcome> SendAsync(HostileCase hostile, HttpClient client, int port)
    {
        if (hostile.Http is { } build)
        {
            try
            {
                using var request = build();

                // Each case on a connection of its own: after an early 413 Kestrel may close a connection the next request would reuse.
                request.Headers.ConnectionClose = true;
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                return new HostileOutcome(hostile, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body.Length);
            }
            catch (HttpRequestException e)
            {
                return new HostileOutcome(hostile, 0, $"no response: {e.HttpRequestError}", 0);
            }
        }

        return await SendRawAsync(hostile, port);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string credentials, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", credentials);
        if (method == HttpMethod.Put || method == HttpMethod.Delete)
        {
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }

        return request;
    }

    private static IEnumerable<(string, byte[])> BadBodies()
    {
        var valid = "{\"name\":\"valid name\",\"notes\":\"some notes here\"}";
        foreach (var text in new[]
        {
            "", " ", "{", "}", "[", "[]", "null", "true", "42", "\"a string\"", "{name:\"x\"}", "{'name':'x'}", "{\"name\":\"x\",}",
            "{\"name\":\"x\"}garbage", "{\"name\":\"x\"}{\"name\":\"y\"}", "{\"name\" \"x\"}", "{\"name\":\"x\\q\"}", "{\"name\":\"\\u12\"}",
            "{\"name\":1}", "{\"name\":true}", "{\"name\":[]}", "{\"name\":{}}", "{\"name\":null}", "{\"notes\":\"no name\"}", "{\"name\":\"x\",\"notes\":5}",
            "{\"name\":\"x\",\"id\":\"0123456789abcdef0123456789abcdef\"}", "{\"name\":\"x\",\"version\":7}", "{\"name\":\"x\",\"__proto__\":{\"admin\":true}}",
            "{\"name\":1e999999}", "{\"name\":123456789012345678901234567890123456789}", "{\"name\":\"x\",\"notes\":-1e400}", "{\"name\":NaN}", "{\"name\":Infinity}",
            "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":\"a\\u0000b\"}", "{\"name\":\"bell\\u0007\"}", "{\"name\":\"line\\nbreak\"}",
            "{\"name\":\"\\ud800\"}", "{\"name\":\"x\\udc00y\"}", "{\"name\":\"x\",\"notes\":\"\\ud83d\"}",
            $"{{\"name\":\"{new string('n', 201)}\"}}", $"{{\"name\":\"x\",\"notes\":\"{new string('n', 2001)}\"}}",
            new string('[', 10_000) + new string(']', 10_000), "{\"name\":" + string.Concat(Enumerable.Repeat("{\"a\":", 2_000)) + "1" + new string('}', 2_001),
            "{\"name\":\"x\",\"notes\":" + new string('[', 100) + new string(']', 100) + "}",
        })
        {
            yield return (Short(text), Encoding.UTF8.GetBytes(text));
        }

        for (var cut = 1; cut < valid.Length; cut += 9)
        {
            yield return ($"truncated at {cut}", Encoding.UTF8.GetBytes(valid[..cut]));
        }

        yield return ("raw NUL in a string", [.. "{\"name\":\"a"u8, 0, .. "b\"}"u8]);
        yield return ("raw NUL outside", [.. "{\"name\":\"ab\"}"u8, 0]);
        yield return ("invalid UTF-8 FF FE", [.. "{\"name\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        yield return ("overlong UTF-8 C0 AF", [.. "{\"name\":\""u8, 0xC0, 0xAF, .. "\"}"u8]);
        yield return ("truncated UTF-8 E2 82", [.. "{\"name\":\""u8, 0xE2, 0x82, .. "\"}"u8]);
        yield return ("UTF-8 encoded surrogate ED A0 80", [.. "{\"name\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8]);
        yield return ("UTF-16 body", Encoding.Unicode.GetBytes("{\"name\":\"utf16\"}"));
        yield return ($"{MaxBody + 1} bytes with Content-Length", Encoding.UTF8.GetBytes(BigJson(MaxBody + 1)));
        yield return ("1 MiB with Content-Length", Encoding.UTF8.GetBytes(BigJson(1024 * 1024)));
    }

    private static IEnumerable<string?> BadContentTypes() =>
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=latin1", "application/jsonx", "text/json", "garbage", "application/", "*/*", "application/json, text/plain",
    ];

    private static IEnumerable<string> BadIds() =>
    [
        "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows", "%252e%252e%252f", new string('0', 31), new string('0', 33),
        new string('g', 32), "0123456789ABCDEF0123456789ABCDEF", "00000000-0000-0000-0000-000000000000", new string('a', 4_000), "%00", "%FF%FE",
        "'%20OR%20'1'%3D'1", "1%3BDROP%20TABLE%20items", "%24%7Bjndi%3Aldap%3A%2F%2F127.0.0.1%2Fa%7D", "null", "-1", "%7Bid%7D", "~root",
    ];

    private static IEnumerable<string> BadQueries() =>
    [
        "limit=0", "limit=-1", "limit=101", "limit=abc", "limit=1e2", "limit=99999999999999999999", "limit=1.5", "limit=%205", "limit=%00", "limit=0x10",
        "limit=%2B5", "limit=1&limit=2", "cursor=x", "cursor=!!!", "cursor=%00", $"cursor={new string('A', 65)}", "cursor=AAAA",
        "cursor=Z2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2dnZ2c", "cursor='%20OR%201%3D1%20--", "cursor=..%2F..%2F", "cursor=MDE%3D%3D", "cursor=a&cursor=b",
    ];

    private static IEnumerable<(string, string)> BadIfMatch() =>
    [
        ("W/\"1\"", "W/\"1\""), ("\"0\"", "\"0\""), ("\"-1\"", "\"-1\""), ("\"abc\"", "\"abc\""), ("huge", "\"99999999999999999999999\""),
        ("unquoted", "1"), ("two stale etags", "\"2\", \"3\""), ("empty tag", "\"\""),
        ("* in a list", "*, \"1\""), ("lowercase w/", "w/\"1\""), ("two tags without a comma", "\"1\" \"1\""), ("unterminated", "\"1"),
    ];

    private static IEnumerable<(string, string[])> BadAuthorizations(string password)
    {
        static string Basic(string token) => "Basic " + token;
        static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return
        [
            ("missing", []), ("'Basic'", ["Basic"]), ("'Basic '", ["Basic "]), ("not base64", [Basic("!!!not-base64!!!")]),
            ("no colon", [Basic(Encode("fault-tester"))]), ("wrong password", [Basic(Encode("fault-tester:wrong"))]),
            ("wrong user", [Basic(Encode("someone:" + password))]), ("only a colon", [Basic(Encode(":"))]),
            ("password with a suffix", [Basic(Encode("fault-tester:" + password + "x"))]), ("Bearer", ["Bearer " + Encode("fault-tester:" + password)]),
            ("invalid UTF-8 in base64", [Basic(Convert.ToBase64String([0xFF, 0xFE, 0x3A, 0xC0]))]), ("1,100 characters", [Basic(new string('A', 1_100))]),
            ("10,000 characters", [Basic(new string('A', 10_000))]), ("two headers", [Basic(Encode("fault-tester:" + password)), Basic(Encode("x:y"))]),
            ("Digest", ["Digest username=\"fault-tester\""]),
        ];
    }

    private static IEnumerable<HostileCase> RawCases(string credentials)
    {
        var auth = $"Authorization: {credentials}\r\n";
        const string host = "Host: 127.0.0.1\r\n";
        const string json = "Content-Type: application/json\r\n";
        const string close = "Connection: close\r\n";

        HostileCase Text(string name, string request, bool protocolLevel, bool halfClose = false) =>
            new(name, Raw: Encoding.Latin1.GetBytes(request), ProtocolLevel: protocolLevel, HalfClose: halfClose);

        yield return Text("header block over 16 KiB", $"GET /api/items HTTP/1.1\r\n{host}{auth}X-Junk: {new string('j', 20_000)}\r\n{close}\r\n", true);
        yield return Text("Authorization of 20 KiB", $"GET /api/items HTTP/1.1\r\n{host}Authorization: Basic {new string('A', 20_000)}\r\n{close}\r\n", true);
        yield return Text("request line of 10 KB", $"GET /api/items/{new string('a', 10_000)} HTTP/1.1\r\n{host}{auth}{close}\r\n", true);
        yield return Text("10,000 headers", $"GET /api/items HTTP/1.1\r\n{host}{auth}{string.Concat(Enumerable.Range(0, 10_000).Select(n => $"X-{n}: 1\r\n"))}{close}\r\n", true);
        yield return Text("no Host", $"GET /api/items HTTP/1.1\r\n{auth}{close}\r\n", true);
        yield return Text("garbage method", $"G@T /api/items HTTP/1.1\r\n{host}{auth}{close}\r\n", true);
        yield return Text("not HTTP at all", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003 hello\r\n\r\n", true);
        yield return Text("Content-Length and Transfer-Encoding", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: 15\r\nTransfer-Encoding: chunked\r\n{close}\r\n0\r\n\r\n", false);
        yield return Text("Content-Length abc", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: abc\r\n{close}\r\n", true);
        yield return Text("Content-Length -1", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: -1\r\n{close}\r\n", true);
        yield return Text("two Content-Lengths", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: 2\r\nContent-Length: 3\r\n{close}\r\n{{}}", true);
        yield return Text("bad chunk size", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Transfer-Encoding: chunked\r\n{close}\r\nzz\r\n{{}}\r\n0\r\n\r\n", false);
        yield return Text("Content-Length 10^20", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: 100000000000000000000\r\n{close}\r\n", true);
        yield return Text("Content-Length 100 MB, no body", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: 100000000\r\n{close}\r\n", false);
        yield return Text("body cut short", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Content-Length: 100\r\n{close}\r\n{{\"name\":\"cut", false, halfClose: true);
        yield return Text("chunked body over the limit", $"POST /api/items HTTP/1.1\r\n{host}{auth}{json}Transfer-Encoding: chunked\r\n{close}\r\n" +
            string.Concat(Enumerable.Repeat($"1000\r\n{new string(' ', 4096)}\r\n", 20)) + "0\r\n\r\n", false);
        yield return Text("CR in a header value", $"GET /api/items HTTP/1.1\r\n{host}{auth}X-Bad: a\rb\r\n{close}\r\n", true);
        yield return Text("space before the colon", $"GET /api/items HTTP/1.1\r\n{host}{auth}X-Bad : a\r\n{close}\r\n", true);

        byte[] WithBytes(string before, byte[] bad, string after) => [.. Encoding.Latin1.GetBytes(before), .. bad, .. Encoding.Latin1.GetBytes(after)];
        yield return new HostileCase("invalid UTF-8 in the path", Raw: WithBytes("GET /api/items/", [0xFF, 0xFE, 0xC0, 0xAF], $" HTTP/1.1\r\n{host}{auth}{close}\r\n"), ProtocolLevel: true);
        yield return new HostileCase("invalid UTF-8 in the query", Raw: WithBytes("GET /api/items?cursor=", [0xFF, 0xFE], $" HTTP/1.1\r\n{host}{auth}{close}\r\n"), ProtocolLevel: true);
        yield return new HostileCase("non-ASCII in a header", Raw: WithBytes($"GET /api/items HTTP/1.1\r\n{host}{auth}X-Name: ", [0xC3, 0xA9, 0xFF], $"\r\n{close}\r\n"), ProtocolLevel: true);
        yield return new HostileCase("NUL in a header", Raw: WithBytes($"GET /api/items HTTP/1.1\r\n{host}{auth}X-Name: a", [0x00], $"b\r\n{close}\r\n"), ProtocolLevel: true);
        yield return new HostileCase("NUL in the path", Raw: WithBytes("GET /api/items/", [0x00], $" HTTP/1.1\r\n{host}{auth}{close}\r\n"), ProtocolLevel: true);
    }

    private static async Task<HostileOutcome> SendRawAsync(HostileCase hostile, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        try
        {
            await socket.SendAsync(hostile.Raw, SocketFlags.None, timeout.Token);
            if (hostile.HalfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The server may answer and close before it has read everything: its answer is still there to read.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            for (var bound = new Bound(10_000, TimeSpan.FromSeconds(15)); bound.Next();)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Reset after the answer, or no answer: what arrived is judged below.
        }

        return Parse(hostile, Encoding.Latin1.GetString(received.ToArray()));
    }

    private static HostileOutcome Parse(HostileCase hostile, string response)
    {
        var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || headerEnd < 0)
        {
            return new HostileOutcome(hostile, 0, null, response.Length);
        }

        var lines = response[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var contentType = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?[13..].Trim();
        return new HostileOutcome(hostile, status, contentType, response.Length - headerEnd - 4);
    }

    private static string BigJson(int size) => "{\"name\":\"big\",\"notes\":\"" + new string('n', Math.Max(0, size - 26)) + "\"}";

    private static string Short(string text) => text.Length <= 40 ? text : $"{text[..20]}…({text.Length} chars)";
}
