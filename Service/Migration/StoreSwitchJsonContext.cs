using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Migration;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoreSwitchStatus))]
internal sealed partial class StoreSwitchJsonContext : JsonSerializerContext;
