# The seed tutorial's producer (section 4.1), unchanged but for the broker address, which the test passes.
import sys

from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers=sys.argv[1], value_serializer=str.encode)
producer.send('real-time-analytics', '1 10')
producer.send('real-time-analytics', '2 20')
producer.send('real-time-analytics', '1 15')
producer.flush()
