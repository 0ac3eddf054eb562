# check
# Example values in the help of a missing or empty field, when comms.yaml
# lists no people.
check-example-person = Zhang Wei
check-example-task = send the minutes
