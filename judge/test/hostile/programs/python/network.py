# The network: connecting out (TCP and UDP, by address and by name), listening
# for others, and the interfaces there are. Only loopback may exist.
import os
import socket

for what, family, kind, addr in (
    ('tcp 1.1.1.1:80', socket.AF_INET, socket.SOCK_STREAM, ('1.1.1.1', 80)),
    ('udp 8.8.8.8:53', socket.AF_INET, socket.SOCK_DGRAM, ('8.8.8.8', 53)),
    ('tcp6 [2606:4700::1111]:80', socket.AF_INET6, socket.SOCK_STREAM, ('2606:4700::1111', 80)),
):
    try:
        s = socket.socket(family, kind)
        s.settimeout(2)
        s.connect(addr)
        if kind == socket.SOCK_DGRAM:
            s.send(b'x')
            s.recv(1)
        print('allowed', what)
    except OSError as e:
        print('refused', what, e.errno)
try:
    socket.getaddrinfo('example.com', 80)
    print('allowed dns')
except OSError as e:
    print('refused dns', e.errno)
print('ok interfaces', sorted(os.listdir('/sys/class/net')))
