module github.com/incidentmap/incidentmap

go 1.26.8

require (
	github.com/gorilla/mux v1.8.1
	github.com/paulmach/orb v0.14.0
	go.etcd.io/bbolt v1.5.0
)

require (
	github.com/gogo/protobuf v1.3.2 // indirect
	github.com/paulmach/protoscan v0.2.1 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
	golang.org/x/sync v0.20.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
)
