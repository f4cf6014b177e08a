using System.Net;
using System.Net.Sockets;

namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>
/// An HTTP client whose connections leave from a chosen address. Every 127.x.y.z address is loopback on Linux, so two
/// clients on one machine reach the app as two client addresses (its RemoteIpAddress), without X-Forwarded-For.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient Create(IPAddress source, Uri baseAddress, CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
