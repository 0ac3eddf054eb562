# remind
