"""Prints a loopback port reserved for a broker that is started next and told its port up front.

A port that was only probed could be taken before the broker binds it. This one is left in TIME_WAIT by closing a
connection from its own side: for a minute no bind to port 0 and no outgoing connection gets it, while the broker (a
.NET listener, which sets SO_REUSEADDR) can bind it. Kpipe.Testing's FreePort.Reserve does the same for the tests.
"""
import socket

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(1)
client = socket.create_connection(listener.getsockname())
accepted, _ = listener.accept()
accepted.close()
client.close()
print(listener.getsockname()[1])
listener.close()
